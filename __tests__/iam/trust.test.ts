import type { NamedStack } from "../../scripts/guardrails/runner";
import { stackContext, StackContext } from "../../scripts/guardrails/stack";
import { policiesOf, StackPolicy } from "../../scripts/iam/policies";
import { weakTrust } from "../../scripts/iam/trust";
import {
  editPolicy,
  resourceAt,
  synthStacks,
  withStack,
} from "../guardrails/support/stacks";

jest.setTimeout(60_000);

const ACCOUNT = "111111111111";
const REGION = "eu-west-1";

let stacks: NamedStack[];

beforeAll(() => {
  stacks = synthStacks();
});

function context(changed: readonly NamedStack[], name: string): StackContext {
  const named = changed.find((stack) => stack.name === name)!;
  return stackContext(
    name,
    named.json,
    changed.map((stack) => stack.name),
  );
}

function trustOf(stack: StackContext, roleName: string): StackPolicy {
  const found = policiesOf(stack).find(
    (policy) =>
      policy.kind === "trust" && policy.resource.body.name === roleName,
  );
  if (!found) {
    throw new Error(`No role ${roleName} in ${stack.name}.`);
  }
  return found;
}

function condition(policy: StackPolicy) {
  return policy.statements[0].condition;
}

describe.each(["staging", "prod"])("trust policies of %s", (stage) => {
  const prefix = `forms-to-tables-${stage}`;

  it("limit the Scheduler to the schedule group", () => {
    const trust = trustOf(
      context(stacks, stage),
      `${prefix}-extract-forms-scheduler`,
    );
    expect(condition(trust)).toEqual({
      StringEquals: { "aws:SourceAccount": ACCOUNT },
      ArnLike: {
        "aws:SourceArn": `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule-group/${prefix}`,
      },
    });
  });

  it("limit Step Functions to the state machine", () => {
    const trust = trustOf(
      context(stacks, stage),
      `${prefix}-extract-forms-sfn`,
    );
    const machine = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${prefix}-extract-forms`;
    const { StringEquals, ArnLike } = condition(trust);
    const sources = [ArnLike["aws:SourceArn"]].flat();
    expect(StringEquals).toEqual({ "aws:SourceAccount": ACCOUNT });
    // The ARN of the state machine, and optionally the same ARN with any qualifier.
    expect(sources).toContain(machine);
    for (const source of sources) {
      expect([machine, `${machine}:*`]).toContain(source);
    }
  });

  it("limit Firehose to the account as external ID", () => {
    const trust = trustOf(context(stacks, stage), `${prefix}-records-firehose`);
    expect(condition(trust)).toEqual({
      StringEquals: { "sts:ExternalId": ACCOUNT },
    });
  });

  it("pass the trust check", () => {
    const stack = context(stacks, stage);
    const problems = policiesOf(stack)
      .filter((policy) => policy.kind === "trust")
      .flatMap((policy) => weakTrust(policy, stack));
    expect(problems).toEqual([]);
  });
});

describe("trust policies of shared", () => {
  it("limit Lake Formation to the account", () => {
    const trust = trustOf(
      context(stacks, "shared"),
      "forms-to-tables-s3tables-lakeformation",
    );
    expect(condition(trust)).toEqual({
      StringEquals: { "aws:SourceAccount": ACCOUNT },
    });
  });

  it("pass the trust check", () => {
    const stack = context(stacks, "shared");
    const problems = policiesOf(stack)
      .filter((policy) => policy.kind === "trust")
      .flatMap((policy) => weakTrust(policy, stack));
    expect(problems).toEqual([]);
  });
});

describe("weakTrust", () => {
  function changedTrust(
    name: string,
    path: string,
    change: (statement: Record<string, unknown>) => void,
  ): string[] {
    const changed = withStack(stacks, name, (json) => {
      editPolicy(
        resourceAt(json, "aws_iam_role", path),
        "assume_role_policy",
        (policy) => {
          change(policy.Statement[0]);
        },
      );
    });
    const stack = context(changed, name);
    const policy = policiesOf(stack).find(
      (candidate) =>
        candidate.kind === "trust" &&
        String(
          (candidate.resource.body["//"] as { metadata: { path: string } })
            .metadata.path,
        ).endsWith(path),
    )!;
    return weakTrust(policy, stack);
  }

  it("fails without aws:SourceAccount", () => {
    const problems = changedTrust(
      "staging",
      "workflow/role/role",
      (statement) => {
        delete (statement.Condition as Record<string, unknown>).StringEquals;
      },
    );
    expect(problems).toEqual([
      `statement 1: has no StringEquals aws:SourceAccount = "${ACCOUNT}"`,
    ]);
  });

  it("fails without aws:SourceArn", () => {
    const problems = changedTrust(
      "staging",
      "schedule/role/role",
      (statement) => {
        delete (statement.Condition as Record<string, unknown>).ArnLike;
      },
    );
    expect(problems).toEqual([
      "statement 1: has no ArnLike or ArnEquals aws:SourceArn for a schedule group of this stack",
    ]);
  });

  it("fails without the Firehose external ID", () => {
    const problems = changedTrust(
      "staging",
      "delivery-stream/role/role",
      (statement) => {
        delete (statement.Condition as Record<string, unknown>).StringEquals;
      },
    );
    expect(problems).toEqual([
      `statement 1: has no StringEquals sts:ExternalId = "${ACCOUNT}"`,
    ]);
  });

  it("fails on a wildcard source", () => {
    const problems = changedTrust("prod", "workflow/role/role", (statement) => {
      (statement.Condition as Record<string, unknown>).ArnLike = {
        "aws:SourceArn": `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:*`,
      };
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(
      `aws:SourceArn "arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:*" is not exactly a state machine of this stack`,
    );
  });

  it("fails on another stage's state machine", () => {
    const problems = changedTrust("prod", "workflow/role/role", (statement) => {
      (statement.Condition as Record<string, unknown>).ArnLike = {
        "aws:SourceArn": `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:forms-to-tables-staging-extract-forms`,
      };
    });
    expect(problems).toHaveLength(1);
  });

  it("fails on a service without an expectation", () => {
    const problems = changedTrust(
      "staging",
      "schedule/role/role",
      (statement) => {
        statement.Principal = { Service: "lambda.amazonaws.com" };
      },
    );
    expect(problems).toEqual([
      "statement 1: trusts lambda.amazonaws.com, which has no entry in TRUSTED_SERVICES; add what it sets as aws:SourceArn",
    ]);
  });

  it("fails on a GitHub role without the audience", () => {
    const problems = changedTrust(
      "shared",
      "github-ci/plan-role/role",
      (statement) => {
        delete (statement.Condition as Record<string, unknown>).StringEquals;
      },
    );
    expect(problems).toEqual([
      'statement 1: has no StringEquals token.actions.githubusercontent.com:aud = "sts.amazonaws.com"',
    ]);
  });

  it("fails on a GitHub subject for any repository", () => {
    const problems = changedTrust(
      "shared",
      "github-ci/plan-role/role",
      (statement) => {
        (statement.Condition as Record<string, unknown>).StringLike = {
          "token.actions.githubusercontent.com:sub": "repo:*",
        };
      },
    );
    expect(problems).toEqual([
      'statement 1: token.actions.githubusercontent.com:sub "repo:*" does not name one repository; expected repo:<owner>/<name>:environment:<name>',
    ]);
  });
});
