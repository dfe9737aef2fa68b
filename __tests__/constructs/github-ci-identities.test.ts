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

const PROPS: GithubCiIdentitiesProps = {
  place: TEST_PLACE,
  project: "forms-to-tables",
  repository: "acme/forms",
  branch: "main",
  stateBucket: "acme-tfstate",
  stateKeyPrefix: "forms-to-tables",
  deployEnvironments: [
    {
      stack: "shared",
      environment: "shared",
      resourcePrefix: "forms-to-tables-",
    },
    {
      stack: "prod",
      environment: "production",
      resourcePrefix: "forms-to-tables-prod-",
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
    expect(statementWithSid(permissions, "ManageOwnRoles").Resource).toEqual([
      "arn:aws:iam::123456789012:role/forms-to-tables-prod-*",
    ]);
    expect(
      permissions.Statement.map((statement) => statement.Sid),
    ).not.toContain("ManageGithubIdentityProvider");
  });

  it("lets only the shared deploy role manage the identity provider", () => {
    const { permissions } = rolePolicies(
      stack,
      "forms-to-tables-github-deploy-shared",
    );
    expect(
      statementWithSid(permissions, "ManageGithubIdentityProvider").Resource,
    ).toEqual([PROVIDER_ARN]);
  });

  it("attaches PowerUserAccess to each deploy role", () => {
    expect(text).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: "arn:aws:iam::aws:policy/PowerUserAccess",
    });
    const attachments = Object.keys(
      stack.resource?.aws_iam_role_policy_attachment ?? {},
    );
    expect(attachments).toHaveLength(2);
  });

  it("rejects a repository without an owner", () => {
    expect(() => synth({ ...PROPS, repository: "forms" })).toThrow(
      'Invalid repository "forms": expected owner/name.',
    );
  });
});
