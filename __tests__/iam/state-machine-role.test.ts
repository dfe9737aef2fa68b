import { RULES } from "../../scripts/guardrails";
import { evaluateRules, NamedStack } from "../../scripts/guardrails/runner";
import { stackContext } from "../../scripts/guardrails/stack";
import { policiesOf } from "../../scripts/iam/policies";
import {
  grantedGrants,
  LOG_DELIVERY_ACTIONS,
  neededGrants,
  stateMachineRoleProblems,
} from "../../scripts/iam/state-machine-role";
import { stateMachineDefinitions } from "../../scripts/guardrails/state-machines";
import {
  editDefinition,
  editPolicy,
  resourceAt,
  synthStacks,
  withStack,
} from "../guardrails/support/stacks";

jest.setTimeout(60_000);

const STAGES = ["staging", "prod"] as const;
const RULE = RULES.filter((rule) => rule.id === "SFN-ROLE-MATCHES-DEFINITION");

let stacks: NamedStack[];

beforeAll(() => {
  stacks = synthStacks();
});

function problems(changed: readonly NamedStack[], stage: string): string[] {
  const named = changed.find((stack) => stack.name === stage);
  const context = stackContext(
    stage,
    named!.json,
    changed.map((s) => s.name),
  );
  const [machine] = context.resources.filter(
    (resource) => resource.type === "aws_sfn_state_machine",
  );
  return stateMachineRoleProblems(machine, context);
}

describe.each(STAGES)("state machine role of %s", (stage) => {
  it("grants exactly what the definition needs", () => {
    expect(problems(stacks, stage)).toEqual([]);
  });

  it("passes the rule", async () => {
    const report = await evaluateRules(stacks, RULE);
    const result = report.results.find((r) => r.stack === stage);
    expect(result?.status).toBe("pass");
  });

  it("needs the documented Distributed Map and Textract grants", () => {
    const context = stackContext(
      stage,
      stacks.find((s) => s.name === stage)!.json,
    );
    const [{ definition }] = stateMachineDefinitions(context);
    const name = `forms-to-tables-${stage}-extract-forms`;
    const place = { accountId: "111111111111", region: "eu-west-1" };
    const needed = neededGrants(
      definition,
      { place, stateMachineName: name },
      true,
    );
    const keys = needed.map((grant) => `${grant.action} ${grant.resource}`);
    expect(keys).toContain(
      `states:startexecution arn:aws:states:eu-west-1:111111111111:stateMachine:${name}`,
    );
    expect(keys).toContain(`textract:analyzedocument *`);
    expect(keys).toContain(
      `s3:getobject arn:aws:s3:::forms-to-tables-${stage}-input-111111111111-eu-west-1/*`,
    );
    for (const action of LOG_DELIVERY_ACTIONS) {
      expect(keys).toContain(`${action.toLowerCase()} *`);
    }
  });
});

describe("state machine role check", () => {
  it("fails when the definition gains a Task without its permission", () => {
    const changed = withStack(stacks, "staging", (json) => {
      editDefinition(
        resourceAt(json, "aws_sfn_state_machine", "workflow/state-machine"),
        (definition) => {
          const states = definition.States as Record<
            string,
            Record<string, unknown>
          >;
          // The role may delete input objects, but no review objects.
          states.DeleteReviewed = {
            Type: "Task",
            Resource: "arn:aws:states:::aws-sdk:s3:deleteObject",
            Arguments: {
              Bucket: "forms-to-tables-staging-review-111111111111-eu-west-1",
              Key: "review/form.pdf",
            },
            End: true,
          };
        },
      );
    });
    // The mapping may add more delete actions, such as s3:DeleteObjectVersion.
    const found = problems(changed, "staging");
    expect(found).toContain(
      "s3:deleteobject on arn:aws:s3:::forms-to-tables-staging-review-111111111111-eu-west-1/* is needed by DeleteReviewed but aws_iam_role.workflow_role_9F588DB4 does not grant it",
    );
    for (const message of found) {
      expect(message).toMatch(/ is needed by DeleteReviewed but /);
    }
  });

  it("fails when the definition gains an integration without a mapping", () => {
    const changed = withStack(stacks, "staging", (json) => {
      editDefinition(
        resourceAt(json, "aws_sfn_state_machine", "workflow/state-machine"),
        (definition) => {
          const states = definition.States as Record<
            string,
            Record<string, unknown>
          >;
          states.Notify = {
            Type: "Task",
            Resource: "arn:aws:states:::aws-sdk:sqs:sendMessage",
            Arguments: {
              QueueUrl: "https://example.invalid/q",
              MessageBody: "x",
            },
            End: true,
          };
        },
      );
    });
    const [message] = problems(changed, "staging");
    expect(message).toContain(
      "State Notify uses Resource arn:aws:states:::aws-sdk:sqs:sendMessage, which has no IAM mapping",
    );
  });

  it("fails when the role gains a statement no state uses", () => {
    const changed = withStack(stacks, "prod", (json) => {
      editPolicy(
        resourceAt(json, "aws_iam_role_policy", "workflow/role/policy"),
        "policy",
        (policy) => {
          policy.Statement.push({
            Sid: "Extra",
            Effect: "Allow",
            Action: ["sqs:SendMessage"],
            Resource: [
              "arn:aws:sqs:eu-west-1:111111111111:forms-to-tables-prod-schedule-dlq",
            ],
          });
        },
      );
    });
    expect(problems(changed, "prod")).toEqual([
      "sqs:sendmessage on arn:aws:sqs:eu-west-1:111111111111:forms-to-tables-prod-schedule-dlq is granted by Extra but no state of the definition uses it",
    ]);
  });

  it("fails when a needed condition is dropped", () => {
    const changed = withStack(stacks, "staging", (json) => {
      editPolicy(
        resourceAt(json, "aws_iam_role_policy", "workflow/role/policy"),
        "policy",
        (policy) => {
          for (const statement of policy.Statement) {
            delete statement.Condition;
          }
        },
      );
    });
    const found = problems(changed, "staging");
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(
      /^s3:listbucket on .* with condition .* is needed by ProcessForms.ItemReader/,
    );
    expect(found[1]).toMatch(
      /^s3:listbucket on .* is granted by statement \d+ but no state/,
    );
  });

  it("compares the synthesized policy, not the construct's statements", () => {
    const staging = stackContext(
      "staging",
      stacks.find((s) => s.name === "staging")!.json,
    );
    const policy = policiesOf(staging).find((p) =>
      p.resource.address.startsWith("aws_iam_role_policy.workflow_role_policy"),
    );
    expect(grantedGrants(policy!.statements).length).toBeGreaterThan(
      LOG_DELIVERY_ACTIONS.length,
    );
  });
});
