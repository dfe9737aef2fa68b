import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import {
  GithubCiIdentities,
  GithubCiIdentitiesProps,
} from "../../constructs/github-ci-identities";
import {
  rolePolicies,
  statementWithSid,
  synthConstructs,
  TEST_PLACE,
} from "../support/construct-synth";

const BOUNDARY_ARN =
  "arn:aws:iam::123456789012:policy/forms-to-tables-workload-boundary";

const PROPS: GithubCiIdentitiesProps = {
  place: TEST_PLACE,
  project: "forms-to-tables",
  repository: "acme/forms",
  branch: "main",
  stateBucket: "acme-tfstate",
  stateKeyPrefix: "forms-to-tables",
  workloadBoundaryArn: BOUNDARY_ARN,
  deployEnvironments: [
    {
      stack: "shared",
      environment: "shared",
      resourcePrefix: "forms-to-tables-",
    },
    {
      stack: "staging",
      environment: "staging",
      resourcePrefix: "forms-to-tables-staging-",
      passRoleTo: ["states.amazonaws.com", "firehose.amazonaws.com"],
    },
    {
      stack: "prod",
      environment: "production",
      resourcePrefix: "forms-to-tables-prod-",
      passRoleTo: ["states.amazonaws.com", "firehose.amazonaws.com"],
    },
  ],
};

const PROVIDER_ARN =
  "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

function synth(props: GithubCiIdentitiesProps = PROPS) {
  return synthConstructs((scope) => new GithubCiIdentities(scope, "ci", props));
}

describe("GithubCiIdentities", () => {
  const { text, stack } = synth();

  it("creates the GitHub OIDC provider for STS", () => {
    expect(text).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
  });

  it("trusts pull requests of the repository for the plan role", () => {
    const { trust } = rolePolicies(stack, "forms-to-tables-github-plan");
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Federated: PROVIDER_ARN },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          },
          StringLike: {
            "token.actions.githubusercontent.com:sub":
              "repo:acme/forms:pull_request:ref:refs/pull/*/merge",
          },
        },
      },
    ]);
  });

  it("trusts only the stage's environment on main for a deploy role", () => {
    const { trust } = rolePolicies(stack, "forms-to-tables-github-deploy-prod");
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub":
          "repo:acme/forms:environment:production:ref:refs/heads/main",
      },
    });
  });

  it("lets the plan role write only the lock objects of the state", () => {
    const { permissions } = rolePolicies(stack, "forms-to-tables-github-plan");
    expect(statementWithSid(permissions, "ReadState")).toEqual({
      Sid: "ReadState",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: ["arn:aws:s3:::acme-tfstate/forms-to-tables/*"],
    });
    expect(statementWithSid(permissions, "LockState").Resource).toEqual([
      "arn:aws:s3:::acme-tfstate/forms-to-tables/*.tflock",
    ]);
  });

  it("gives the plan role no write action outside the lock objects", () => {
    const { permissions } = rolePolicies(stack, "forms-to-tables-github-plan");
    const writes = permissions.Statement.filter(
      (statement) => statement.Sid !== "LockState",
    )
      .flatMap((statement) => [statement.Action].flat())
      .filter((action) =>
        /:(Put|Create|Delete|Update|Attach|Tag|Untag)/.test(action),
      );
    expect(writes).toEqual([]);
  });

  it("limits a deploy role's IAM access to its stage's roles", () => {
    const { permissions } = rolePolicies(
      stack,
      "forms-to-tables-github-deploy-prod",
    );
    for (const sid of [
      "ManageOwnRoles",
      "GrantWithinTheBoundary",
      "PassOwnRolesToTheStageServices",
    ]) {
      expect(statementWithSid(permissions, sid).Resource).toEqual([
        "arn:aws:iam::123456789012:role/forms-to-tables-prod-*",
      ]);
    }
    expect(
      permissions.Statement.map((statement) => statement.Sid),
    ).not.toContain("ManageGithubIdentityProvider");
  });

  it("grants role permissions only within the workload boundary", () => {
    const { permissions } = rolePolicies(
      stack,
      "forms-to-tables-github-deploy-prod",
    );
    const grant = statementWithSid(permissions, "GrantWithinTheBoundary");
    expect(grant.Action).toEqual([
      "iam:CreateRole",
      "iam:PutRolePermissionsBoundary",
      "iam:PutRolePolicy",
    ]);
    expect(grant.Condition).toEqual({
      StringEquals: { "iam:PermissionsBoundary": BOUNDARY_ARN },
    });
    const unconditioned = permissions.Statement.filter(
      (statement) =>
        statement.Effect === "Allow" &&
        statement.Sid !== "GrantWithinTheBoundary",
    ).flatMap((statement) => [statement.Action].flat());
    for (const action of [
      "iam:CreateRole",
      "iam:PutRolePolicy",
      "iam:AttachRolePolicy",
    ]) {
      expect(unconditioned).not.toContain(action);
    }
    expect(statementWithSid(permissions, "KeepTheBoundary")).toMatchObject({
      Effect: "Deny",
      Action: ["iam:DeleteRolePermissionsBoundary"],
    });
  });

  it("passes stage roles only to the stage's services", () => {
    const { permissions } = rolePolicies(
      stack,
      "forms-to-tables-github-deploy-prod",
    );
    expect(
      statementWithSid(permissions, "PassOwnRolesToTheStageServices").Condition,
    ).toEqual({
      StringEquals: {
        "iam:PassedToService": [
          "states.amazonaws.com",
          "firehose.amazonaws.com",
        ],
      },
    });
  });

  it("writes only its own stack's state", () => {
    const { permissions } = rolePolicies(
      stack,
      "forms-to-tables-github-deploy-prod",
    );
    expect(statementWithSid(permissions, "WriteOwnState").Resource).toEqual([
      "arn:aws:s3:::acme-tfstate/forms-to-tables/prod.tfstate",
    ]);
    expect(
      statementWithSid(permissions, "DenyOtherStacksState").Resource,
    ).toEqual([
      "arn:aws:s3:::acme-tfstate/forms-to-tables/shared.tfstate",
      "arn:aws:s3:::acme-tfstate/forms-to-tables/shared.tfstate.tflock",
      "arn:aws:s3:::acme-tfstate/forms-to-tables/staging.tfstate",
      "arn:aws:s3:::acme-tfstate/forms-to-tables/staging.tfstate.tflock",
    ]);
  });

  it("denies a stage the other stages' data", () => {
    const { permissions } = rolePolicies(
      stack,
      "forms-to-tables-github-deploy-staging",
    );
    const deny = statementWithSid(permissions, "DenyOtherStagesData");
    expect(deny.Effect).toBe("Deny");
    expect(deny.Resource).toEqual(
      expect.arrayContaining([
        "arn:aws:s3:::forms-to-tables-prod-*",
        "arn:aws:s3:::forms-to-tables-prod-*/*",
        "arn:aws:s3tables:eu-central-1:123456789012:bucket/forms-to-tables-prod",
      ]),
    );
    expect(JSON.stringify(deny.Resource)).not.toContain("staging");
  });

  it("lets the shared deploy role attach only PowerUserAccess", () => {
    const { permissions } = rolePolicies(
      stack,
      "forms-to-tables-github-deploy-shared",
    );
    expect(
      statementWithSid(permissions, "AttachOnlyPowerUserAccess"),
    ).toMatchObject({
      Resource: [
        "arn:aws:iam::123456789012:role/forms-to-tables-github-deploy-*",
      ],
      Condition: {
        ArnEquals: {
          "iam:PolicyARN": "arn:aws:iam::aws:policy/PowerUserAccess",
        },
      },
    });
  });

  it("attaches PowerUserAccess to each deploy role", () => {
    expect(text).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: "arn:aws:iam::aws:policy/PowerUserAccess",
    });
    const attachments = Object.keys(
      stack.resource?.aws_iam_role_policy_attachment ?? {},
    );
    expect(attachments).toHaveLength(3);
  });

  it("rejects a repository without an owner", () => {
    expect(() => synth({ ...PROPS, repository: "forms" })).toThrow(
      'Invalid repository "forms": expected owner/name.',
    );
  });
});
