import type { AllowedPlanChange } from "../../stacks/plan-allow-list";
import { changeKind, PlanDocument, ResourceChange } from "./plan-json";

/** A plan rule that a plan breaks. */
export interface PlanViolation {
  readonly rule: string;
  readonly address: string;
  readonly message: string;
}

/** Resource types that hold data a destroy or replacement would lose. */
export const DATA_BEARING_TYPES = [
  "aws_s3_bucket",
  "aws_s3tables_table_bucket",
  "aws_s3tables_namespace",
  "aws_s3tables_table",
  // The Iceberg table is declared in a CloudFormation stack.
  "aws_cloudformation_stack",
] as const;

/** Stacks whose data-bearing resources the plan rules protect. */
export const PROTECTED_STACKS = ["prod"] as const;

/** Attributes that carry a resource's name; the stage table fixes all of them. */
const NAME_ATTRIBUTES = ["name", "bucket", "alarm_name", "namespace"] as const;

/** Plan rules: their ids and what each requires. */
export const PLAN_RULES = {
  "PLAN-PROD-DATA-KEPT":
    "No destroy or replacement of a data-bearing resource in prod unless the allow list names it with a reason.",
  "PLAN-DEFINITION-KNOWN":
    "Every state machine definition is known at plan time, so the reviewer sees the exact workflow.",
  "PLAN-NAMES-KNOWN": "No resource name is left unknown at plan time.",
} as const;

/** Checks a JSON plan of one stack against the plan rules. */
export function checkPlan(
  stack: string,
  plan: PlanDocument,
  allowList: readonly AllowedPlanChange[],
): PlanViolation[] {
  const violations: PlanViolation[] = [];
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== "managed") {
      continue;
    }
    violations.push(
      ...dataKept(stack, change, allowList),
      ...definitionKnown(change),
      ...namesKnown(change),
    );
  }
  return violations;
}

function dataKept(
  stack: string,
  change: ResourceChange,
  allowList: readonly AllowedPlanChange[],
): PlanViolation[] {
  const kind = changeKind(change);
  if (
    !(PROTECTED_STACKS as readonly string[]).includes(stack) ||
    !(DATA_BEARING_TYPES as readonly string[]).includes(change.type) ||
    (kind !== "destroy" && kind !== "replace")
  ) {
    return [];
  }
  const allowed = allowList.some(
    (entry) => entry.stack === stack && entry.address === change.address,
  );
  if (allowed) {
    return [];
  }
  return [
    {
      rule: "PLAN-PROD-DATA-KEPT",
      address: change.address,
      message: `${change.address} would be ${kind === "destroy" ? "destroyed" : "replaced"} in ${stack}, losing its data; undo the change, or add the address with a reason to PLAN_ALLOW_LIST in stacks/plan-allow-list.ts.`,
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
