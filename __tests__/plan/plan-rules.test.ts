import type { PlanDocument, ResourceChange } from "../../scripts/lib/plan-json";
import { checkPlan } from "../../scripts/lib/plan-rules";

function change(
  type: string,
  actions: ResourceChange["change"]["actions"],
  afterUnknown: Record<string, unknown> = {},
): ResourceChange {
  return {
    address: `${type}.example`,
    type,
    name: "example",
    mode: "managed",
    change: {
      actions,
      before:
        actions.includes("create") && !actions.includes("delete") ? null : {},
      after:
        actions.includes("delete") && !actions.includes("create") ? null : {},
      after_unknown: afterUnknown,
    },
  };
}

function plan(...changes: ResourceChange[]): PlanDocument {
  return { format_version: "1.2", resource_changes: changes };
}

describe("checkPlan", () => {
  it.each([
    "aws_s3_bucket",
    "aws_s3tables_table_bucket",
    "aws_s3tables_namespace",
    "aws_cloudformation_stack",
  ])("reports a replaced %s in prod", (type) => {
    const violations = checkPlan(
      "prod",
      plan(change(type, ["delete", "create"])),
      [],
    );
    expect(violations.map((v) => v.rule)).toEqual(["PLAN-PROD-DATA-KEPT"]);
    expect(violations[0].message).toContain(
      `${type}.example would be replaced in prod`,
    );
  });

  it("reports a destroyed bucket in prod", () => {
    const violations = checkPlan(
      "prod",
      plan(change("aws_s3_bucket", ["delete"])),
      [],
    );
    expect(violations[0].message).toContain("would be destroyed in prod");
  });

  it("lets an allow-listed replacement through", () => {
    const violations = checkPlan(
      "prod",
      plan(change("aws_s3_bucket", ["delete", "create"])),
      [
        {
          stack: "prod",
          address: "aws_s3_bucket.example",
          reason: "renamed on purpose",
        },
      ],
    );
    expect(violations).toEqual([]);
  });

  it("keeps an allow list entry of another stack from applying", () => {
    const violations = checkPlan(
      "prod",
      plan(change("aws_s3_bucket", ["delete"])),
      [
        {
          stack: "staging",
          address: "aws_s3_bucket.example",
          reason: "only staging",
        },
      ],
    );
    expect(violations).toHaveLength(1);
  });

  it("accepts a destroy in staging", () => {
    expect(
      checkPlan("staging", plan(change("aws_s3_bucket", ["delete"])), []),
    ).toEqual([]);
  });

  it("accepts replacing a resource that holds no data", () => {
    expect(
      checkPlan("prod", plan(change("aws_iam_role", ["delete", "create"])), []),
    ).toEqual([]);
  });

  it("reports a definition unknown at plan time", () => {
    const violations = checkPlan(
      "staging",
      plan(change("aws_sfn_state_machine", ["create"], { definition: true })),
      [],
    );
    expect(violations.map((v) => v.rule)).toEqual(["PLAN-DEFINITION-KNOWN"]);
  });

  it("reports a name unknown at plan time", () => {
    const violations = checkPlan(
      "staging",
      plan(change("aws_sqs_queue", ["create"], { name: true })),
      [],
    );
    expect(violations.map((v) => v.rule)).toEqual(["PLAN-NAMES-KNOWN"]);
    expect(violations[0].message).toContain('"name" unknown until apply');
  });

  it("ignores data sources", () => {
    const read: ResourceChange = {
      ...change("aws_s3_bucket", ["delete"]),
      mode: "data",
    };
    expect(checkPlan("prod", plan(read), [])).toEqual([]);
  });
});

describe("checkPlan on removals beyond destroy", () => {
  it("reports a forgotten bucket in prod", () => {
    const violations = checkPlan(
      "prod",
      plan(change("aws_s3_bucket", ["forget"])),
      [],
    );
    expect(violations.map((v) => v.rule)).toEqual(["PLAN-PROD-DATA-KEPT"]);
    expect(violations[0].message).toContain(
      "removed from Terraform's state in prod",
    );
  });

  it("reports a destroyed versioning configuration in prod", () => {
    const violations = checkPlan(
      "prod",
      plan(change("aws_s3_bucket_versioning", ["delete"])),
      [],
    );
    expect(violations.map((v) => v.rule)).toEqual(["PLAN-PROD-DATA-KEPT"]);
  });

  it("reports a changed table template in prod", () => {
    const update: ResourceChange = {
      ...change("aws_cloudformation_stack", ["update"]),
      change: {
        actions: ["update"],
        before: { template_body: '{"a":1}' },
        after: { template_body: '{"a":2}' },
      },
    };
    expect(checkPlan("prod", plan(update), []).map((v) => v.rule)).toEqual([
      "PLAN-PROD-TABLE-KEPT",
    ]);
    expect(checkPlan("staging", plan(update), [])).toEqual([]);
  });

  it("protects only the stages it is given", () => {
    const destroy = plan(change("aws_s3_bucket", ["delete"]));
    expect(checkPlan("qa", destroy, [], ["qa"])).toHaveLength(1);
    expect(checkPlan("prod", destroy, [], ["qa"])).toEqual([]);
  });

  it.each([
    "aws_cloudformation_stack",
    "aws_lakeformation_resource",
    "aws_iam_openid_connect_provider",
  ])("reports a destroyed %s in shared", (type) => {
    const violations = checkPlan("shared", plan(change(type, ["delete"])), []);
    expect(violations.map((v) => v.rule)).toEqual(["PLAN-SHARED-KEPT"]);
  });

  it("accepts a replaced role in shared", () => {
    expect(
      checkPlan(
        "shared",
        plan(change("aws_iam_role", ["delete", "create"])),
        [],
      ),
    ).toEqual([]);
  });
});
