import { arnMatchesFormat, conditionKeyMatches } from "./arn-match";
import {
  actionFacts,
  ActionFacts,
  conditionKeyExists,
  expandActionPattern,
} from "./iam-data";
import { federatedPrincipals, Statement, StackPolicy } from "./policies";

// Claims IAM offers as condition keys for an OIDC identity provider, written
// `<provider host>:<claim>` (IAM user guide, keys for OIDC federation).
const OIDC_CLAIMS = ["aud", "sub", "amr", "azp", "email", "oaud"];

/** Names a statement in messages: its Sid, or its position. */
export function statementLabel(statement: Statement, index: number): string {
  return statement.sid
    ? `statement ${statement.sid}`
    : `statement ${index + 1}`;
}

function hasWildcard(text: string): boolean {
  return /[*?]/.test(text);
}

/** Reports actions that the IAM service reference does not have, and unparseable policies. */
export async function unknownActions(policy: StackPolicy): Promise<string[]> {
  if (policy.error) {
    return [policy.error];
  }
  const messages: string[] = [];
  for (const [index, statement] of policy.statements.entries()) {
    for (const action of [...statement.actions, ...statement.notActions]) {
      const known = hasWildcard(action)
        ? (await expandActionPattern(action)).length > 0
        : (await actionFacts(action)) !== undefined;
      if (!known) {
        messages.push(
          `${statementLabel(statement, index)}: action "${action}" does not exist in the IAM service reference`,
        );
      }
    }
  }
  return messages;
}

/** Reports wildcards in the actions of Allow statements, and NotAction in them. */
export function wildcardActions(policy: StackPolicy): string[] {
  return policy.statements.flatMap((statement, index) => {
    if (statement.effect !== "Allow") {
      return [];
    }
    const label = statementLabel(statement, index);
    return [
      ...statement.actions
        .filter(hasWildcard)
        .map(
          (action) =>
            `${label}: action "${action}" has a wildcard; list the actions`,
        ),
      ...statement.notActions.map(
        (action) => `${label}: NotAction "${action}" allows every other action`,
      ),
    ];
  });
}

/**
 * Reports `"Resource": "*"` (and NotResource) in Allow statements whose actions support a
 * resource type, because those actions can be scoped to ARNs.
 */
export async function starResources(policy: StackPolicy): Promise<string[]> {
  const messages: string[] = [];
  for (const [index, statement] of policy.statements.entries()) {
    if (statement.effect !== "Allow" || policy.kind === "trust") {
      continue;
    }
    const label = statementLabel(statement, index);
    if (statement.notResources.length > 0) {
      messages.push(`${label}: NotResource allows every other resource`);
    }
    if (!statement.resources.includes("*")) {
      continue;
    }
    const scopable: string[] = [];
    for (const action of statement.actions) {
      const facts = await factsOf(action);
      if (facts.some((fact) => !fact.wildcardOnly)) {
        scopable.push(action);
      }
    }
    if (scopable.length > 0) {
      messages.push(
        `${label}: "Resource": "*" for ${scopable.join(", ")}, which support resource types; name their ARNs`,
      );
    }
  }
  return messages;
}

/**
 * Reports resource ARNs of Allow statements that match no resource type of the
 * statement's actions, and actions that no resource of the statement applies to.
 */
export async function mismatchedResourceTypes(
  policy: StackPolicy,
): Promise<string[]> {
  const messages: string[] = [];
  for (const [index, statement] of policy.statements.entries()) {
    const arns = statement.resources.filter((resource) => resource !== "*");
    if (statement.effect !== "Allow" || arns.length === 0) {
      continue;
    }
    const label = statementLabel(statement, index);
    const facts = (
      await Promise.all(statement.actions.map((action) => factsOf(action)))
    ).flat();
    for (const arn of arns) {
      const fits = facts.some((fact) =>
        fact.resourceArnFormats.some((format) => arnMatchesFormat(arn, format)),
      );
      if (!fits) {
        messages.push(
          `${label}: resource "${arn}" matches no resource type of its actions`,
        );
      }
    }
    for (const fact of facts) {
      if (statement.resources.includes("*")) {
        continue;
      }
      if (fact.wildcardOnly) {
        messages.push(
          `${label}: ${fact.action} supports no resource types, so it needs "Resource": "*" in a statement of its own`,
        );
      } else if (
        !arns.some((arn) =>
          fact.resourceArnFormats.some((format) =>
            arnMatchesFormat(arn, format),
          ),
        )
      ) {
        messages.push(
          `${label}: no resource of the statement is of a type ${fact.action} applies to, so it grants nothing`,
        );
      }
    }
  }
  return messages;
}

/**
 * Reports condition keys that do not exist, and service keys that none of the
 * statement's actions support.
 */
export async function unknownConditionKeys(
  policy: StackPolicy,
): Promise<string[]> {
  const messages: string[] = [];
  for (const [index, statement] of policy.statements.entries()) {
    const label = statementLabel(statement, index);
    const keys = Object.values(statement.condition).flatMap((entries) =>
      Object.keys(entries),
    );
    const explicitActions = statement.actions.filter(
      (action) => !hasWildcard(action),
    );
    const facts = (
      await Promise.all(explicitActions.map((action) => factsOf(action)))
    ).flat();
    for (const key of keys) {
      if (oidcKey(statement, key)) {
        continue;
      }
      if (!(await conditionKeyExists(key))) {
        messages.push(`${label}: condition key "${key}" does not exist`);
        continue;
      }
      const global = key.toLowerCase().startsWith("aws:");
      const checkable =
        !global &&
        explicitActions.length === statement.actions.length &&
        facts.length > 0;
      const supported = facts.some((fact) =>
        fact.conditionKeys.some((reference) =>
          conditionKeyMatches(reference, key),
        ),
      );
      if (checkable && !supported) {
        messages.push(
          `${label}: condition key "${key}" is not supported by ${statement.actions.join(", ")}`,
        );
      }
    }
  }
  return messages;
}

// A claim key of an OIDC provider the statement trusts, such as
// token.actions.githubusercontent.com:sub for GitHub Actions.
function oidcKey(statement: Statement, key: string): boolean {
  const index = key.lastIndexOf(":");
  const host = key.slice(0, index);
  const claim = key.slice(index + 1);
  return (
    OIDC_CLAIMS.includes(claim) &&
    federatedPrincipals(statement).some((principal) =>
      principal.endsWith(`:oidc-provider/${host}`),
    )
  );
}

async function factsOf(action: string): Promise<ActionFacts[]> {
  const names = hasWildcard(action)
    ? await expandActionPattern(action)
    : [action];
  const facts = await Promise.all(names.map((name) => actionFacts(name)));
  return facts.filter((fact): fact is ActionFacts => fact !== undefined);
}
