import { workflowPermissions } from "../../constructs/workflow-permissions";
import {
  block,
  referencedResource,
  resourcesOfType,
  StackContext,
  StackResource,
} from "../guardrails/stack";
import { stateMachineDefinitions } from "../guardrails/state-machines";
import { policiesOn, Statement } from "./policies";

/**
 * Actions a state machine role needs to deliver execution logs to CloudWatch Logs. They
 * support no resource types, so they take `"Resource": "*"` (Step Functions developer
 * guide, logging with CloudWatch Logs).
 */
export const LOG_DELIVERY_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:DescribeLogGroups",
  "logs:DescribeResourcePolicies",
  "logs:GetLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:UpdateLogDelivery",
] as const;

/** One action on one resource, under one condition, and what needs or grants it. */
export interface Grant {
  readonly action: string;
  readonly resource: string;
  /** The condition block as canonical JSON; "" when there is none. */
  readonly condition: string;
  /** States that need it, or statements that grant it. */
  readonly sources: readonly string[];
}

/** Grants the role of one state machine lacks, and grants it has beyond its needs. */
export interface RoleComparison {
  readonly missing: readonly Grant[];
  readonly unused: readonly Grant[];
}

/**
 * Derives the grants a state machine's definition needs: each Task, ItemReader,
 * ResultWriter and Distributed Map through `workflowPermissions`, and log delivery when
 * the state machine logs.
 */
export function neededGrants(
  definition: unknown,
  context: {
    place: { accountId: string; region: string };
    stateMachineName: string;
  },
  logs: boolean,
): Grant[] {
  const grants = workflowPermissions(definition, context).flatMap((need) =>
    need.actions.flatMap((action) =>
      need.resources.map((resource) =>
        grant(action, resource, need.condition, need.state),
      ),
    ),
  );
  if (logs) {
    grants.push(
      ...LOG_DELIVERY_ACTIONS.map((action) =>
        grant(action, "*", undefined, "logging_configuration"),
      ),
    );
  }
  return merge(grants);
}

/** Expands Allow statements into one grant per action and resource. */
export function grantedGrants(statements: readonly Statement[]): Grant[] {
  return merge(
    statements
      .filter((statement) => statement.effect === "Allow")
      .flatMap((statement, index) =>
        statement.actions.flatMap((action) =>
          statement.resources.map((resource) =>
            grant(
              action,
              resource,
              statement.condition,
              statement.sid ?? `statement ${index + 1}`,
            ),
          ),
        ),
      ),
  );
}

/** Compares what a role grants with what the definition needs, grant by grant. */
export function compareGrants(
  needed: readonly Grant[],
  granted: readonly Grant[],
): RoleComparison {
  const keys = (grants: readonly Grant[]) => new Set(grants.map(grantKey));
  const grantedKeys = keys(granted);
  const neededKeys = keys(needed);
  return {
    missing: needed.filter((need) => !grantedKeys.has(grantKey(need))),
    unused: granted.filter((given) => !neededKeys.has(grantKey(given))),
  };
}

/**
 * Checks the role of a state machine of a stack against its definition and returns one
 * message per missing or unused grant.
 */
export function stateMachineRoleProblems(
  machine: StackResource,
  stack: StackContext,
): string[] {
  const parsed = stateMachineDefinitions(stack).find(
    (candidate) => candidate.resource.address === machine.address,
  );
  if (!parsed?.definition) {
    return [parsed?.error ?? "the definition cannot be read"];
  }
  if (!stack.place || typeof machine.body.name !== "string") {
    return ["the stack's account, Region or the state machine name is unknown"];
  }
  const role = referencedResource(stack, machine.body.role_arn);
  if (role?.type !== "aws_iam_role") {
    return [
      `role_arn ${JSON.stringify(machine.body.role_arn)} names no IAM role of this stack`,
    ];
  }
  const statements = rolePolicies(stack, role);
  if (typeof statements === "string") {
    return [statements];
  }
  let needed: Grant[];
  try {
    const logs = !["OFF", undefined].includes(
      block(machine.body.logging_configuration).level as string | undefined,
    );
    needed = neededGrants(
      parsed.definition,
      { place: stack.place, stateMachineName: machine.body.name },
      logs,
    );
  } catch (error) {
    return [(error as Error).message];
  }
  const { missing, unused } = compareGrants(needed, grantedGrants(statements));
  return [
    ...missing.map(
      (need) =>
        `${describe(need)} is needed by ${need.sources.join(", ")} but ${role.address} does not grant it`,
    ),
    ...unused.map(
      (given) =>
        `${describe(given)} is granted by ${given.sources.join(", ")} but no state of the definition uses it`,
    ),
  ];
}

function rolePolicies(
  stack: StackContext,
  role: StackResource,
): Statement[] | string {
  const attachments = resourcesOfType(
    stack,
    "aws_iam_role_policy_attachment",
  ).filter((attachment) => refersTo(stack, attachment.body.role, role));
  if (attachments.length > 0) {
    return `${role.address} has managed policy attachments, which this check cannot read; use an inline policy`;
  }
  const policies = resourcesOfType(stack, "aws_iam_role_policy")
    .filter((policy) => refersTo(stack, policy.body.role, role))
    .flatMap((policy) => policiesOn(stack, policy));
  const broken = policies.find((policy) => policy.error);
  if (broken) {
    return `${broken.resource.address}: ${broken.error}`;
  }
  return policies.flatMap((policy) => policy.statements);
}

function refersTo(
  stack: StackContext,
  value: unknown,
  role: StackResource,
): boolean {
  return (
    referencedResource(stack, value)?.address === role.address ||
    value === role.body.name
  );
}

function grant(
  action: string,
  resource: string,
  condition: unknown,
  source: string,
): Grant {
  return {
    action: action.toLowerCase(),
    resource,
    condition: canonicalJson(condition),
    sources: [source],
  };
}

function grantKey(value: Grant): string {
  return JSON.stringify([value.action, value.resource, value.condition]);
}

function merge(grants: readonly Grant[]): Grant[] {
  const merged = new Map<string, Grant>();
  for (const value of grants) {
    const key = grantKey(value);
    const existing = merged.get(key);
    merged.set(
      key,
      existing
        ? {
            ...existing,
            sources: [...new Set([...existing.sources, ...value.sources])],
          }
        : value,
    );
  }
  return [...merged.values()];
}

function describe(value: Grant): string {
  const condition = value.condition ? ` with condition ${value.condition}` : "";
  return `${value.action} on ${value.resource}${condition}`;
}

// Object keys sorted at every level, and a one-value list written as the value, as IAM
// reads them; an empty object counts as no condition.
function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) {
    return "";
  }
  if (
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  ) {
    return "";
  }
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.length === 1 ? sortKeys(value[0]) : value.map(sortKeys);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, item]) => [key, sortKeys(item)]),
    );
  }
  return value;
}
