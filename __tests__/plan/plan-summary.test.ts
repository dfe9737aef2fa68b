import type { PlanDocument } from "../../scripts/lib/plan-json";
import {
  countChanges,
  summarizePlan,
  verdict,
} from "../../scripts/lib/plan-summary";
import { lineDiff } from "../../scripts/lib/line-diff";

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
    });
    expect(summary).toContain(
      "1 to add, 1 to change, 1 to replace, 0 to destroy.",
    );
  });

  it("shows the changed policy as a diff of readable JSON", () => {
    expect(summary).toContain(
      "change `aws_iam_role_policy.workflow_role_policy` policy",
    );
    expect(summary).toContain('+         "s3:PutObject"');
  });

  it("names the attribute that forces a replacement", () => {
    expect(summary).toContain(
      "- replace `aws_s3tables_table_bucket.table`, forced by `name`",
    );
  });

  it("shows a new definition as indented JSON", () => {
    expect(summary).toContain('"StartAt": "Done"');
  });

  it("lists what the offline override relaxed", () => {
    expect(summary).toContain("- `backend`: local state");
  });

  it("gives a one-line verdict", () => {
    expect(summary.split("\n")[0]).toBe(
      "### staging: review the 1 destroy or replace action(s) below",
    );
  });
});

describe("verdict", () => {
  it("blocks a plan with a violation", () => {
    const counts = { add: 0, change: 0, replace: 0, destroy: 1 };
    expect(
      verdict(counts, [
        { rule: "PLAN-PROD-DATA-KEPT", address: "a", message: "m" },
      ]),
    ).toBe("blocked: 1 plan rule violation(s) (PLAN-PROD-DATA-KEPT)");
  });

  it("says when nothing changes", () => {
    expect(verdict({ add: 0, change: 0, replace: 0, destroy: 0 }, [])).toBe(
      "no changes",
    );
  });
});

describe("lineDiff", () => {
  it("marks added and removed lines", () => {
    expect(lineDiff("a\nb\nc", "a\nc\nd")).toBe("  a\n- b\n  c\n+ d");
    expect(lineDiff("x,\ny", "x,\nz\ny")).toBe("  x,\n+ z\n  y");
    expect(lineDiff("p\nq", "p\nr")).toBe("  p\n- q\n+ r");
  });
});
