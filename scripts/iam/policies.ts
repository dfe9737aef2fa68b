import {
  isRecord,
  resourcesOfType,
  StackContext,
  StackResource,
} from "../guardrails/stack";

/** A condition block: operator, then key, then one value or a list. */
export type Condition = Readonly<
  Record<string, Readonly<Record<string, string | readonly string[]>>>
>;

/** One statement of an IAM policy, with every list field as a list. */
export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  /** Principal, as written; undefined in identity policies. */
  readonly principal?: unknown;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly condition: Condition;
}

/** Scope of a policy: what its role may do, who may assume it, or who may use a resource. */
export type PolicyKind = "identity" | "trust" | "resource";

/** A policy document found in a synthesized stack. */
export interface StackPolicy {
  /** The resource that carries the policy. */
  readonly resource: StackResource;
  readonly kind: PolicyKind;
  readonly statements: readonly Statement[];
  /** Set when the document is not a literal JSON policy; statements is then empty. */
  readonly error?: string;
}

// Resource types whose argument is a policy document, with the argument and the kind.
const POLICY_ARGUMENTS: readonly {
  type: string;
  argument: string;
  kind: PolicyKind;
}[] = [
  { type: "aws_iam_role_policy", argument: "policy", kind: "identity" },
  { type: "aws_iam_policy", argument: "policy", kind: "identity" },
  { type: "aws_iam_role", argument: "assume_role_policy", kind: "trust" },
  { type: "aws_s3_bucket_policy", argument: "policy", kind: "resource" },
  { type: "aws_sqs_queue_policy", argument: "policy", kind: "resource" },
  { type: "aws_sns_topic_policy", argument: "policy", kind: "resource" },
];

/** Finds and parses every policy document of a stack. */
export function policiesOf(stack: StackContext): StackPolicy[] {
  return POLICY_ARGUMENTS.flatMap(({ type, argument, kind }) =>
    resourcesOfType(stack, type).map((resource) => ({
      resource,
      kind,
      ...parsePolicy(resource.body[argument]),
    })),
  );
}

/** Returns the policies a resource carries. */
export function policiesOn(
  stack: StackContext,
  resource: StackResource,
): StackPolicy[] {
  return policiesOf(stack).filter(
    (policy) => policy.resource.address === resource.address,
  );
}

/**
 * Parses a policy document given as a JSON string. Terraform references (`${...}`) are
 * reported as an error, because the checks need every ARN as a literal.
 */
export function parsePolicy(text: unknown): {
  statements: Statement[];
  error?: string;
} {
  if (typeof text !== "string") {
    return { statements: [], error: "the policy is not a JSON string" };
  }
  if (text.includes("${")) {
    return {
      statements: [],
      error:
        "the policy contains a Terraform reference; write every ARN as a literal so it can be checked",
    };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return {
      statements: [],
      error: `the policy is not valid JSON: ${(error as Error).message}`,
    };
  }
  const raw = isRecord(document) ? document.Statement : undefined;
  let list: unknown[] = [];
  if (Array.isArray(raw)) {
    list = raw;
  } else if (raw !== undefined) {
    list = [raw];
  }
  if (list.length === 0) {
    return { statements: [], error: "the policy has no Statement" };
  }
  return { statements: list.filter(isRecord).map(toStatement) };
}

/** Returns a string or list of strings as a list. */
export function asList(value: unknown): string[] {
  if (typeof value === "string") {
    return [value];
  }
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}

/** Lists the service principals a trust statement names, such as `states.amazonaws.com`. */
export function servicePrincipals(statement: Statement): string[] {
  return isRecord(statement.principal)
    ? asList(statement.principal.Service)
    : [];
}

/** Lists the federated principals a trust statement names, such as an OIDC provider ARN. */
export function federatedPrincipals(statement: Statement): string[] {
  return isRecord(statement.principal)
    ? asList(statement.principal.Federated)
    : [];
}

/** Returns the values a condition gives a key under one operator, or undefined. */
export function conditionValues(
  statement: Statement,
  operator: string,
  key: string,
): string[] | undefined {
  const entries = Object.entries(statement.condition[operator] ?? {});
  const found = entries.find(
    ([candidate]) => candidate.toLowerCase() === key.toLowerCase(),
  );
  return found ? asList(found[1]) : undefined;
}

function toStatement(raw: Record<string, unknown>): Statement {
  return {
    sid: typeof raw.Sid === "string" ? raw.Sid : undefined,
    effect: raw.Effect === "Deny" ? "Deny" : "Allow",
    principal: raw.Principal,
    actions: asList(raw.Action),
    notActions: asList(raw.NotAction),
    resources: asList(raw.Resource),
    notResources: asList(raw.NotResource),
    condition: isRecord(raw.Condition) ? (raw.Condition as Condition) : {},
  };
}
