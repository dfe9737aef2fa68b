import { isTaggable } from "../../scripts/guardrails/taggable";
import { synthStacks } from "./support/stacks";

describe("isTaggable", () => {
  it.each([
    ["aws_s3_bucket", true],
    ["aws_sfn_state_machine", true],
    ["aws_cloudformation_stack", true],
    ["aws_s3tables_table_bucket", false],
    ["aws_s3_bucket_policy", false],
    ["aws_cloudwatch_log_stream", false],
    ["aws_iam_role_policy", false],
  ])("tells that %s takes tags: %s", (type, expected) => {
    expect(isTaggable(type)).toBe(expected);
  });

  it("returns undefined for an unknown type", () => {
    expect(isTaggable("aws_no_such_resource")).toBeUndefined();
    expect(isTaggable("google_storage_bucket")).toBeUndefined();
  });

  it("knows every resource type of the stacks", () => {
    const types = synthStacks().flatMap((stack) =>
      Object.keys(stack.json.resource ?? {}),
    );
    const unknown = types.filter((type) => isTaggable(type) === undefined);
    expect(unknown).toEqual([]);
  });
});
