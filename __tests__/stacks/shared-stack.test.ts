import { CloudformationStack } from "@cdktf/provider-aws/lib/cloudformation-stack";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LakeformationResource } from "@cdktf/provider-aws/lib/lakeformation-resource";
import { PROJECT } from "../../stacks/stage-config";
import {
  sharedSettings,
  stageSettings,
  synthSharedStack,
  synthStageStack,
} from "../support/stack-synth";
import { resourcesOf, SynthesizedStack } from "../support/synth";

const ROLE_NAME = `${PROJECT}-s3tables-lakeformation`;
const CATALOG_STACK_NAME = `${PROJECT}-s3tablescatalog`;
const shared = sharedSettings();
const ALL_TABLE_BUCKETS = `arn:aws:s3tables:${shared.region}:${shared.accountId}:bucket/*`;

function namesOf(stack: SynthesizedStack, type: string): unknown[] {
  return Object.values(resourcesOf(stack, type)).map((item) => item.name);
}

describe("SharedStack", () => {
  const stack = synthSharedStack();
  const text = JSON.stringify(stack);

  it("registers every table bucket with Lake Formation", () => {
    expect(text).toHaveResourceWithProperties(LakeformationResource, {
      arn: ALL_TABLE_BUCKETS,
      with_federation: true,
    });
  });

  it("declares the s3tablescatalog catalog stack", () => {
    expect(text).toHaveResourceWithProperties(CloudformationStack, {
      name: CATALOG_STACK_NAME,
    });
  });

  it("creates the S3 Tables role and outputs its ARN", () => {
    expect(text).toHaveResourceWithProperties(IamRole, { name: ROLE_NAME });
    const roles = resourcesOf(stack, "aws_iam_role");
    const roleId = Object.keys(roles).find(
      (id) => roles[id].name === ROLE_NAME,
    );
    const values = Object.values(stack.output ?? {}).map(
      (output) => output.value,
    );
    expect(values).toContain(`\${aws_iam_role.${roleId}.arn}`);
  });
});

describe.each(["staging", "prod"])("%s stack", (stage) => {
  const stack = synthStageStack(stageSettings(stage));

  it("holds no Lake Formation registration", () => {
    expect(resourcesOf(stack, "aws_lakeformation_resource")).toEqual({});
  });

  it("holds no catalog stack", () => {
    expect(namesOf(stack, "aws_cloudformation_stack")).not.toContain(
      CATALOG_STACK_NAME,
    );
  });

  it("holds no S3 Tables role", () => {
    expect(namesOf(stack, "aws_iam_role")).not.toContain(ROLE_NAME);
  });
});
