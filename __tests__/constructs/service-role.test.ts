import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Construct } from "constructs";
import type { PolicyStatement } from "../../constructs/policy";
import { serviceTrustPolicy } from "../../constructs/policy";
import { ServiceRole, ServiceRoleProps } from "../../constructs/service-role";
import {
  onlyResource,
  parsePolicy,
  referenceTo,
  rolePolicies,
  synthConstructs,
} from "../support/construct-synth";
import { resourcesOf } from "../support/synth";

const STATEMENT: PolicyStatement = {
  Sid: "SendToQueue",
  Effect: "Allow",
  Action: ["sqs:SendMessage"],
  Resource: ["arn:aws:sqs:eu-central-1:123456789012:forms-dlq"],
};

const PROPS: ServiceRoleProps = {
  roleName: "forms-scheduler",
  description: "Starts the forms workflow",
  assumeRolePolicy: serviceTrustPolicy(
    "scheduler.amazonaws.com",
    "123456789012",
  ),
  statements: [STATEMENT],
};

function build(props: Partial<ServiceRoleProps> = {}) {
  return (scope: Construct) => {
    new ServiceRole(scope, "role", { ...PROPS, ...props });
  };
}

describe("ServiceRole", () => {
  it("creates the role with the trust policy as given", () => {
    const { text, stack } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(IamRole, {
      name: "forms-scheduler",
      description: "Starts the forms workflow",
      max_session_duration: 3600,
    });
    expect(onlyResource(stack, "aws_iam_role").assume_role_policy).toBe(
      PROPS.assumeRolePolicy,
    );
  });

  it("attaches one inline policy with the statements", () => {
    const { text, stack } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(IamRolePolicy, {
      name: "permissions",
      role: referenceTo(stack, "aws_iam_role", "id"),
    });
    const policy = parsePolicy(
      onlyResource(stack, "aws_iam_role_policy").policy,
    );
    expect(policy.Version).toBe("2012-10-17");
    expect(policy.Statement).toEqual([STATEMENT]);
    expect(rolePolicies(stack, "forms-scheduler").permissions).toEqual(policy);
  });

  it("attaches no managed policy", () => {
    const { stack } = synthConstructs(build());
    expect(resourcesOf(stack, "aws_iam_role_policy_attachment")).toEqual({});
    expect(onlyResource(stack, "aws_iam_role").managed_policy_arns).toBe(
      undefined,
    );
  });

  it("accepts a role name of 64 characters", () => {
    expect(() =>
      synthConstructs(build({ roleName: "r".repeat(64) })),
    ).not.toThrow();
  });

  it("rejects a role name of 65 characters", () => {
    expect(() => synthConstructs(build({ roleName: "r".repeat(65) }))).toThrow(
      `Invalid roleName "${"r".repeat(65)}": expected 1 to 64 letters, digits or +=,.@_-.`,
    );
  });

  it("rejects a role name with a slash", () => {
    expect(() =>
      synthConstructs(build({ roleName: "forms/scheduler" })),
    ).toThrow(
      'Invalid roleName "forms/scheduler": expected 1 to 64 letters, digits or +=,.@_-.',
    );
  });

  it("rejects an empty statement list", () => {
    expect(() => synthConstructs(build({ statements: [] }))).toThrow(
      "Invalid statements for role forms-scheduler: the list is empty; give the role at least one statement.",
    );
  });
});
