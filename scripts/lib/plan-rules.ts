import type { AllowedPlanChange } from "../../stacks/plan-allow-list";
import { PROTECTED_STAGES } from "../../stacks/stack-list";
import {
  ChangeKind,
  changeKind,
  PlanDocument,
  ResourceChange,
} from "./plan-json";

/** A plan rule that a plan breaks. */
export interface PlanViolation {
  readonly rule: string;
  readonly address: string;
  readonly message: string;
}

/** Resource types of a stage that hold data, or protect it, and must not go away. */
export const DATA_BEARING_TYPES = [
  "aws_s3_bucket",
  // Destroying the versioning configuration suspends versioning of a bucket of record.
  "aws_s3_bucket_versioning",
  "aws_s3tables_table_bucket",
  "aws_s3tables_namespace",
  "aws_s3tables_table",
  // The Iceberg table is declared in a CloudFormation stack.
  "aws_cloudformation_stack",
] as const;

/**
 * Resource types of the shared stack that every stage depends on: the S3 Tables catalog
 * (a CloudFormation stack), its Lake Formation registration and the CI identity provider.
 */
export const SHARED_KEPT_TYPES = [
  "aws_cloudformation_stack",
  "aws_lakeformation_resource",
  "aws_iam_openid_connect_provider",
] as const;

/** Stack that contains what the stages share. */
export const SHARED_STACK = "shared";

/** Attributes that carry a resource's name; the stage table fixes all of them. */
const NAME_ATTRIBUTES = ["name", "bucket", "alarm_name", "namespace"] as const;

/** Plan rules: their ids and what each requires. */
export const PLAN_RULES = {
  "PLAN-PROD-DATA-KEPT":
    "No destroy, replacement or forget of a data-bearing resource in a protected stage (prod) unless the allow list names it with a reason.",
  "PLAN-PROD-TABLE-KEPT":
    "No change to the template of a protected stage's table stack unless the allow list names it, since CloudFormation replaces the table for a schema change.",
  "PLAN-SHARED-KEPT":
    "No destroy, replacement or forget of the shared S3 Tables catalog, its Lake Formation registration or the CI identity provider unless the allow list names it.",
  "PLAN-DEFINITION-KNOWN":
    "Every state machine definition is known at plan time, so the reviewer sees the exact workflow.",
  "PLAN-NAMES-KNOWN": "No resource name is left unknown at plan time.",
} as const;

/** Checks a JSON plan of one stack against the plan rules. */
export function checkPlan(
  stack: string,
  plan: PlanDocument,
  allowList: readonly AllowedPlanChange[],
  protectedStages: readonly string[] = PROTECTED_STAGES,
): PlanViolation[] {
  const allowed = (change: ResourceChange) =>
    allowList.some(
      (entry) => entry.stack === stack && entry.address === change.address,
    );
  const violations: PlanViolation[] = [];
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== "managed") {
      continue;
    }
    const kept = allowed(change)
      ? []
      : [
          ...dataKept(stack, change, protectedStages),
          ...tableKept(stack, change, protectedStages),
          ...sharedKept(stack, change),
        ];
    violations.push(...kept, ...definitionKnown(change), ...namesKnown(change));
  }
  return violations;
}

const ALLOW_LIST_FIX =
  "undo the change, or add the address with a reason to PLAN_ALLOW_LIST in stacks/plan-allow-list.ts";

function removal(change: ResourceChange): string | undefined {
  const kind = changeKind(change);
  const words: Partial<Record<ChangeKind, string>> = {
    destroy: "destroyed",
    replace: "replaced",
    forget: "removed from Terraform's state",
  };
  return words[kind];
}

function dataKept(
  stack: string,
  change: ResourceChange,
  protectedStages: readonly string[],
): PlanViolation[] {
  const what = removal(change);
  if (
    !protectedStages.includes(stack) ||
    !(DATA_BEARING_TYPES as readonly string[]).includes(change.type) ||
    what === undefined
  ) {
    return [];
  }
  return [
    {
      rule: "PLAN-PROD-DATA-KEPT",
      address: change.address,
      message: `${change.address} would be ${what} in ${stack}, losing data of record; ${ALLOW_LIST_FIX}.`,
    },
  ];
}

function tableKept(
  stack: string,
  change: ResourceChange,
  protectedStages: readonly string[],
): PlanViolation[] {
  const before = change.change.before?.template_body;
  const after = change.change.after?.template_body;
  if (
    !protectedStages.includes(stack) ||
    change.type !== "aws_cloudformation_stack" ||
    changeKind(change) !== "change" ||
    before === after
  ) {
    return [];
  }
  return [
    {
      rule: "PLAN-PROD-TABLE-KEPT",
      address: change.address,
      message: `${change.address} changes its template in ${stack}; CloudFormation replaces an S3 Tables table whose schema or name changes, so ${ALLOW_LIST_FIX} after checking the change keeps the table.`,
    },
  ];
}

function sharedKept(stack: string, change: ResourceChange): PlanViolation[] {
  const what = removal(change);
  if (
    stack !== SHARED_STACK ||
    !(SHARED_KEPT_TYPES as readonly string[]).includes(change.type) ||
    what === undefined
  ) {
    return [];
  }
  return [
    {
      rule: "PLAN-SHARED-KEPT",
      address: change.address,
      message: `${change.address} would be ${what} in ${stack}, and every stage depends on it; ${ALLOW_LIST_FIX}.`,
    },
  ];
}

function definitionKnown(change: ResourceChange): PlanViolation[] {
  if (change.type !== "aws_sfn_state_machine" || change.change.after === null) {
    return [];
  }
  if (change.change.after_unknown?.definition !== true) {
    return [];
  }
  return [
    {
      rule: "PLAN-DEFINITION-KNOWN",
      address: change.address,
      message: `${change.address} has a definition that is unknown until apply; build it from values known at synth (names and ARNs from the stage table), not from resource attributes.`,
    },
  ];
}

function namesKnown(change: ResourceChange): PlanViolation[] {
  const unknown = change.change.after_unknown ?? {};
  return NAME_ATTRIBUTES.filter((attribute) => unknown[attribute] === true).map(
    (attribute) => ({
      rule: "PLAN-NAMES-KNOWN",
      address: change.address,
      message: `${change.address} has "${attribute}" unknown until apply; set it from the stage table instead of a generated or referenced value.`,
    }),
  );
}
