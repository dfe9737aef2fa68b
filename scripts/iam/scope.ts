import { SHARED_SETTINGS } from "../../stacks/settings";
import { PROJECT } from "../../stacks/stage-config";
import type { StackContext } from "../guardrails/stack";
import type { StackPolicy } from "./policies";
import { statementLabel } from "./statement-checks";

/**
 * Returns the name prefix of a stack's own resources: `forms-to-tables-prod` for a stage.
 * For the shared stack it is the project name, because its CI roles and S3 Tables
 * integration serve every stage.
 */
export function ownPrefix(stackName: string): string {
  return stackName === SHARED_SETTINGS.stage
    ? PROJECT
    : `${PROJECT}-${stackName}`;
}

/**
 * Reports resource ARNs that reach beyond the stack. Those are ARNs of another account or
 * Region, or with a wildcard account or Region. So are ARNs with a wildcard before the
 * stack's own name prefix, which could match other projects' or stages' resources, and,
 * in a stage stack, ARNs with another stage's names.
 */
export function resourcesOutsideStack(
  policy: StackPolicy,
  stack: StackContext,
): string[] {
  const place = stack.place;
  if (!place) {
    return ["the stack's AWS provider names no single account and Region"];
  }
  const messages: string[] = [];
  for (const [index, statement] of policy.statements.entries()) {
    const label = statementLabel(statement, index);
    for (const arn of [...statement.resources, ...statement.notResources]) {
      if (arn === "*") {
        continue;
      }
      const problem = arnProblem(arn, stack, place);
      if (problem) {
        messages.push(`${label}: resource "${arn}" ${problem}`);
      }
    }
  }
  return messages;
}

function arnProblem(
  arn: string,
  stack: StackContext,
  place: { accountId: string; region: string },
): string | undefined {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") {
    return "is not an ARN";
  }
  const [, , service, region, account] = parts;
  if (account !== "" && account !== place.accountId) {
    return `names account "${account}", not the stack's account ${place.accountId}`;
  }
  if (account === "" && service !== "s3") {
    return "has no account";
  }
  if (region !== "" && region !== place.region) {
    return `names Region "${region}", not the stack's Region ${place.region}`;
  }
  const other = stack.allStackNames.find(
    (name) =>
      stack.name !== SHARED_SETTINGS.stage &&
      name !== stack.name &&
      name !== SHARED_SETTINGS.stage &&
      namesPrefix(arn, ownPrefix(name)),
  );
  if (other) {
    return `names a resource of the ${other} stack`;
  }
  const wildcard = arn.search(/[*?]/);
  if (
    wildcard !== -1 &&
    !namesPrefix(arn.slice(0, wildcard), ownPrefix(stack.name))
  ) {
    return `has a wildcard before the stack's own name prefix "${ownPrefix(stack.name)}", so it can match resources the stack does not own`;
  }
  return undefined;
}

// The prefix followed by a separator or the end, so `forms-to-tables-prod` does not
// match `forms-to-tables-production`.
function namesPrefix(text: string, prefix: string): boolean {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return new RegExp(`${escaped}([^a-z0-9]|$)`).test(text);
}
