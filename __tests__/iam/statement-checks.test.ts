import { parsePolicy, StackPolicy } from "../../scripts/iam/policies";
import {
  mismatchedResourceTypes,
  starResources,
  unknownActions,
  unknownConditionKeys,
  wildcardActions,
} from "../../scripts/iam/statement-checks";
import type { StackResource } from "../../scripts/guardrails/stack";

const RESOURCE: StackResource = {
  type: "aws_iam_role_policy",
  name: "example",
  address: "aws_iam_role_policy.example",
  body: {},
};

const STREAM =
  "arn:aws:firehose:eu-west-1:111111111111:deliverystream/forms-to-tables-staging-records";
const BUCKET =
  "arn:aws:s3:::forms-to-tables-staging-input-111111111111-eu-west-1";

function policy(
  statements: Record<string, unknown>[],
  kind: StackPolicy["kind"] = "identity",
): StackPolicy {
  return {
    resource: RESOURCE,
    kind,
    ...parsePolicy(
      JSON.stringify({ Version: "2012-10-17", Statement: statements }),
    ),
  };
}

describe("unknownActions", () => {
  it("accepts actions of the IAM service reference", async () => {
    const example = policy([
      {
        Effect: "Allow",
        Action: ["firehose:PutRecordBatch", "s3:GetObject"],
        Resource: [STREAM],
      },
    ]);
    expect(await unknownActions(example)).toEqual([]);
  });

  it("rejects kinesis:PutRecordBatch", async () => {
    const example = policy([
      {
        Sid: "Put",
        Effect: "Allow",
        Action: ["kinesis:PutRecordBatch"],
        Resource: [STREAM],
      },
    ]);
    expect(await unknownActions(example)).toEqual([
      'statement Put: action "kinesis:PutRecordBatch" does not exist in the IAM service reference',
    ]);
  });

  it("rejects an unknown service", async () => {
    const example = policy([
      { Effect: "Allow", Action: "textracts:AnalyzeDocument", Resource: "*" },
    ]);
    expect(await unknownActions(example)).toEqual([
      'statement 1: action "textracts:AnalyzeDocument" does not exist in the IAM service reference',
    ]);
  });

  it("accepts a pattern that matches actions", async () => {
    const example = policy(
      [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: BUCKET }],
      "resource",
    );
    expect(await unknownActions(example)).toEqual([]);
  });

  it("rejects a pattern that matches nothing", async () => {
    const example = policy([
      { Effect: "Deny", Action: "s3:Gte*", Resource: BUCKET },
    ]);
    expect(await unknownActions(example)).toEqual([
      'statement 1: action "s3:Gte*" does not exist in the IAM service reference',
    ]);
  });

  it("rejects a policy with a Terraform reference", async () => {
    const example: StackPolicy = {
      resource: RESOURCE,
      kind: "identity",
      ...parsePolicy(
        '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"${aws_s3_bucket.x.arn}"}]}',
      ),
    };
    expect(await unknownActions(example)).toEqual([
      "the policy contains a Terraform reference; write every ARN as a literal so it can be checked",
    ]);
  });
});

describe("wildcardActions", () => {
  it("rejects a wildcard in an Allow statement", () => {
    const example = policy([
      { Effect: "Allow", Action: ["s3:Get*"], Resource: [`${BUCKET}/*`] },
    ]);
    expect(wildcardActions(example)).toEqual([
      'statement 1: action "s3:Get*" has a wildcard; list the actions',
    ]);
  });

  it("rejects NotAction in an Allow statement", () => {
    const example = policy([
      { Effect: "Allow", NotAction: ["iam:*"], Resource: "*" },
    ]);
    expect(wildcardActions(example)).toEqual([
      'statement 1: NotAction "iam:*" allows every other action',
    ]);
  });

  it("accepts a wildcard in a Deny statement", () => {
    const example = policy([
      { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: BUCKET },
    ]);
    expect(wildcardActions(example)).toEqual([]);
  });
});

describe("starResources", () => {
  it("accepts star for actions without resource types", async () => {
    const example = policy([
      {
        Effect: "Allow",
        Action: ["textract:AnalyzeDocument", "logs:CreateLogDelivery"],
        Resource: "*",
      },
    ]);
    expect(await starResources(example)).toEqual([]);
  });

  it("rejects star for an action with resource types", async () => {
    const example = policy([
      {
        Effect: "Allow",
        Action: ["textract:AnalyzeDocument", "s3:GetObject"],
        Resource: "*",
      },
    ]);
    expect(await starResources(example)).toEqual([
      'statement 1: "Resource": "*" for s3:GetObject, which support resource types; name their ARNs',
    ]);
  });
});

describe("mismatchedResourceTypes", () => {
  it("accepts ARNs of the actions' resource types", async () => {
    const example = policy([
      {
        Effect: "Allow",
        Action: ["s3:ListBucket", "s3:GetObject"],
        Resource: [BUCKET, `${BUCKET}/*`],
      },
    ]);
    expect(await mismatchedResourceTypes(example)).toEqual([]);
  });

  it("rejects s3:ListBucket on object ARNs only", async () => {
    const example = policy([
      { Effect: "Allow", Action: ["s3:ListBucket"], Resource: [`${BUCKET}/*`] },
    ]);
    expect(await mismatchedResourceTypes(example)).toEqual([
      `statement 1: resource "${BUCKET}/*" matches no resource type of its actions`,
      "statement 1: no resource of the statement is of a type s3:ListBucket applies to, so it grants nothing",
    ]);
  });

  it("rejects a wildcard-only action with an ARN", async () => {
    const example = policy([
      {
        Effect: "Allow",
        Action: ["textract:AnalyzeDocument"],
        Resource: [BUCKET],
      },
    ]);
    expect(await mismatchedResourceTypes(example)).toEqual([
      `statement 1: resource "${BUCKET}" matches no resource type of its actions`,
      'statement 1: textract:AnalyzeDocument supports no resource types, so it needs "Resource": "*" in a statement of its own',
    ]);
  });

  it("accepts child execution ARNs for states:DescribeExecution", async () => {
    const example = policy([
      {
        Effect: "Allow",
        Action: ["states:DescribeExecution"],
        Resource: [
          "arn:aws:states:eu-west-1:111111111111:execution:forms-to-tables-staging-extract-forms:*",
          "arn:aws:states:eu-west-1:111111111111:execution:forms-to-tables-staging-extract-forms/*",
        ],
      },
    ]);
    expect(await mismatchedResourceTypes(example)).toEqual([]);
  });
});

describe("unknownConditionKeys", () => {
  it("accepts global and supported service keys", async () => {
    const example = policy([
      {
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: [BUCKET],
        Condition: {
          StringLike: { "s3:prefix": "incoming/*" },
          StringEquals: { "aws:ResourceAccount": "111111111111" },
        },
      },
    ]);
    expect(await unknownConditionKeys(example)).toEqual([]);
  });

  it("rejects a misspelt key", async () => {
    const example = policy([
      {
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: [BUCKET],
        Condition: { StringLike: { "s3:prefx": "a/*" } },
      },
    ]);
    expect(await unknownConditionKeys(example)).toEqual([
      'statement 1: condition key "s3:prefx" does not exist',
    ]);
  });

  it("rejects a key the actions do not support", async () => {
    const example = policy([
      {
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: [`${BUCKET}/*`],
        Condition: { StringLike: { "s3:prefix": "a/*" } },
      },
    ]);
    expect(await unknownConditionKeys(example)).toEqual([
      'statement 1: condition key "s3:prefix" is not supported by s3:GetObject',
    ]);
  });

  it("accepts claim keys of a trusted OIDC provider", async () => {
    const example = policy(
      [
        {
          Effect: "Allow",
          Principal: {
            Federated:
              "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
          },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            },
          },
        },
      ],
      "trust",
    );
    expect(await unknownConditionKeys(example)).toEqual([]);
  });
});
