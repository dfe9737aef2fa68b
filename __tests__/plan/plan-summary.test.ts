import type { PlanDocument } from "../../scripts/lib/plan-json";
import {
  countChanges,
  fullDefinitions,
  summarizePlan,
  verdict,
} from "../../scripts/lib/plan-summary";
import { changedLineCount, lineDiff } from "../../scripts/lib/line-diff";
import { readableJson } from "../../scripts/lib/readable-json";

const oldPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: ["arn:aws:s3:::a/*"],
    },
  ],
});
const newPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: ["arn:aws:s3:::a/*"],
    },
  ],
});

const iamChange: PlanDocument = {
  format_version: "1.2",
  resource_changes: [
    {
      address: "aws_iam_role_policy.workflow_role_policy",
      type: "aws_iam_role_policy",
      name: "workflow_role_policy",
      mode: "managed",
      change: {
        actions: ["update"],
        before: { policy: oldPolicy },
        after: { policy: newPolicy },
      },
    },
    {
      address: "aws_s3tables_table_bucket.table",
      type: "aws_s3tables_table_bucket",
      name: "table",
      mode: "managed",
      action_reason: "replace_because_cannot_update",
      change: {
        actions: ["delete", "create"],
        before: { name: "a" },
        after: { name: "b" },
        replace_paths: [["name"]],
      },
    },
    {
      address: "aws_sfn_state_machine.workflow",
      type: "aws_sfn_state_machine",
      name: "workflow",
      mode: "managed",
      change: {
        actions: ["create"],
        before: null,
        after: {
          definition: '{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}',
        },
        after_unknown: {},
      },
    },
  ],
};

describe("summarizePlan", () => {
  const summary = summarizePlan({
    stack: "staging",
    plan: iamChange,
    violations: [],
    relaxed: [{ setting: "backend", reason: "local state" }],
  });

  it("counts each kind of change", () => {
    expect(countChanges(iamChange)).toEqual({
      add: 1,
      change: 1,
      replace: 1,
      destroy: 0,
      forget: 0,
    });
    expect(summary).toContain(
      "1 to add, 1 to change, 1 to replace, 0 to destroy.",
    );
  });

  it("shows the changed policy as a diff of readable JSON", () => {
    expect(summary).toContain(
      "change `aws_iam_role_policy.workflow_role_policy` policy",
    );
    expect(summary).toContain(
      '-   {"Effect":"Allow","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::a/*"]}',
    );
    expect(summary).toContain(
      '+   {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::a/*"]}',
    );
  });

  it("names the attribute that forces a replacement", () => {
    expect(summary).toContain(
      "- replace `aws_s3tables_table_bucket.table`, forced by `name`",
    );
  });

  it("shows a new definition as indented JSON", () => {
    expect(summary).toContain(
      '{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}',
    );
  });

  it("lists what the offline override relaxed", () => {
    expect(summary).toContain("- `backend`: local state");
  });

  it("gives a one-line verdict", () => {
    expect(summary.split("\n")[0]).toBe(
      "### staging: review the 1 destroy, replace or forget action(s) below",
    );
  });
});

describe("verdict", () => {
  it("blocks a plan with a violation", () => {
    const counts = { add: 0, change: 0, replace: 0, destroy: 1, forget: 0 };
    expect(
      verdict(counts, [
        { rule: "PLAN-PROD-DATA-KEPT", address: "a", message: "m" },
      ]),
    ).toBe("blocked: 1 plan rule violation(s) (PLAN-PROD-DATA-KEPT)");
  });

  it("says when nothing changes", () => {
    expect(
      verdict({ add: 0, change: 0, replace: 0, destroy: 0, forget: 0 }, []),
    ).toBe("no changes");
  });
});

describe("lineDiff", () => {
  it("marks added and removed lines", () => {
    expect(lineDiff("a\nb\nc", "a\nc\nd")).toBe("  a\n- b\n  c\n+ d");
    expect(lineDiff("x,\ny", "x,\nz\ny")).toBe("  x,\n+ z\n  y");
    expect(lineDiff("p\nq", "p\nr")).toBe("  p\n- q\n+ r");
  });
});

describe("lineDiff with context", () => {
  const before = ["a", "b", "c", "d", "e", "f", "g"].join("\n");
  const after = ["a", "b", "c", "D", "e", "f", "g"].join("\n");

  it("keeps only the changed lines and their context", () => {
    expect(lineDiff(before, after, 1)).toBe("@@ line 3 @@\n  c\n- d\n+ D\n  e");
  });

  it("counts the changed lines", () => {
    expect(changedLineCount(before, after)).toBe(2);
  });
});

describe("readableJson", () => {
  it("keeps short objects on one line", () => {
    expect(readableJson({ a: { b: 1 } })).toBe('{"a":{"b":1}}');
  });

  it("breaks a long object over lines", () => {
    const text = readableJson({ a: "x".repeat(60), b: "y".repeat(60) }, 40);
    expect(text).toBe(
      `{\n  "a": "${"x".repeat(60)}",\n  "b": "${"y".repeat(60)}"\n}`,
    );
    expect(JSON.parse(text)).toEqual({ a: "x".repeat(60), b: "y".repeat(60) });
  });
});

describe("summarizePlan of a second stage", () => {
  const definition = (bucket: string) =>
    JSON.stringify({
      StartAt: "List",
      States: {
        List: {
          Type: "Task",
          Resource: "arn:aws:states:::s3:listObjectsV2",
          Comment: "x".repeat(90),
          Arguments: { Bucket: bucket, Prefix: "incoming/".repeat(10) },
          End: true,
        },
      },
    });
  const planWith = (bucket: string): PlanDocument => ({
    format_version: "1.2",
    resource_changes: [
      {
        address: "aws_sfn_state_machine.workflow",
        type: "aws_sfn_state_machine",
        name: "workflow",
        mode: "managed",
        change: {
          actions: ["create"],
          before: null,
          after: { definition: definition(bucket) },
        },
      },
    ],
  });

  it("shows only the lines that differ from an earlier stage", () => {
    const staging = planWith("staging-input");
    const shownDefinitions = fullDefinitions("staging", staging);
    const summary = summarizePlan({
      stack: "prod",
      plan: planWith("prod-input"),
      violations: [],
      relaxed: [],
      shownDefinitions,
    });
    expect(summary).toContain("in staging with these lines changed");
    expect(summary).toContain('-         "Bucket": "staging-input",');
    expect(summary).toContain('+         "Bucket": "prod-input",');
    expect(summary).not.toContain('"StartAt": "List"');
  });
});

describe("summarizePlan of access changes", () => {
  const plan: PlanDocument = {
    format_version: "1.2",
    resource_changes: [
      {
        address: "aws_iam_role_policy_attachment.admin",
        type: "aws_iam_role_policy_attachment",
        name: "admin",
        mode: "managed",
        change: {
          actions: ["create"],
          before: null,
          after: {
            policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess",
            role: "deploy",
          },
        },
      },
      {
        address: "aws_s3_bucket.input",
        type: "aws_s3_bucket",
        name: "input",
        mode: "managed",
        change: {
          actions: ["forget"],
          before: { bucket: "input" },
          after: null,
        },
      },
    ],
  };
  const summary = summarizePlan({
    stack: "prod",
    plan,
    violations: [],
    relaxed: [],
  });

  it("names an attached managed policy", () => {
    expect(summary).toContain(
      "- add `aws_iam_role_policy_attachment.admin`: managed policy arn:aws:iam::aws:policy/AdministratorAccess on role deploy",
    );
  });

  it("counts and lists a forgotten resource", () => {
    expect(summary).toContain("0 to destroy, 1 to forget.");
    expect(summary).toContain("- forget `aws_s3_bucket.input`");
  });
});
