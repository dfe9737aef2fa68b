/** The parts of `terraform show -json` output that the plan review reads. */
export interface PlanDocument {
  readonly format_version: string;
  readonly resource_changes?: readonly ResourceChange[];
}

/** One entry of `resource_changes` in a JSON plan. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly mode: "managed" | "data";
  readonly action_reason?: string;
  readonly change: {
    readonly actions: readonly PlanAction[];
    readonly before: Readonly<Record<string, unknown>> | null;
    readonly after: Readonly<Record<string, unknown>> | null;
    readonly after_unknown?: Readonly<Record<string, unknown>>;
    readonly replace_paths?: readonly (readonly (string | number)[])[];
  };
}

export type PlanAction =
  "no-op" | "create" | "read" | "update" | "delete" | "forget";

/** Kind of a resource change, in the words of a plan summary. */
export type ChangeKind =
  "add" | "change" | "replace" | "destroy" | "forget" | "read" | "no-op";

/** Classifies a change by its actions, as `terraform plan` counts them. */
export function changeKind(change: ResourceChange): ChangeKind {
  const actions = change.change.actions;
  if (actions.includes("delete") && actions.includes("create")) {
    return "replace";
  }
  if (actions.includes("delete")) {
    return "destroy";
  }
  // Terraform 1.7 and later: a removed block without destroy drops the resource from the
  // state and leaves it in AWS, unmanaged.
  if (actions.includes("forget")) {
    return "forget";
  }
  if (actions.includes("create")) {
    return "add";
  }
  if (actions.includes("update")) {
    return "change";
  }
  if (actions.includes("read")) {
    return "read";
  }
  return "no-op";
}

/** Parses a JSON plan and checks that it has the fields the review reads. */
export function parsePlan(text: string, source: string): PlanDocument {
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `Invalid JSON plan ${source}: ${(error as Error).message}; create it with terraform show -json.`,
    );
  }
  if (
    plan === null ||
    typeof plan !== "object" ||
    typeof (plan as { format_version?: unknown }).format_version !== "string"
  ) {
    throw new Error(
      `Invalid JSON plan ${source}: field "format_version" is missing; create it with terraform show -json <planfile>.`,
    );
  }
  return plan as PlanDocument;
}
