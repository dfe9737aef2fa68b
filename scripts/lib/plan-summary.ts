import { changedLineCount, lineDiff } from "./line-diff";
import { readableJson } from "./readable-json";
import {
  ChangeKind,
  changeKind,
  PlanDocument,
  ResourceChange,
} from "./plan-json";
import { PLAN_RULES, PlanViolation } from "./plan-rules";

/** Counts of a plan, as `terraform plan` reports them, with replacements on their own. */
export type PlanCounts = Record<
  "add" | "change" | "replace" | "destroy" | "forget",
  number
>;

/** Input of the summary of one stack's plan. */
export interface SummaryInput {
  readonly stack: string;
  readonly plan: PlanDocument;
  readonly violations: readonly PlanViolation[];
  /** Settings the offline override relaxed, or none for a plan against AWS. */
  readonly relaxed: readonly { setting: string; reason: string }[];
  /**
   * Definitions already shown in full in the summaries of earlier stacks. A new definition
   * that differs from one of them in a few lines is shown as those lines only.
   * @default - none; every new definition is shown in full
   */
  readonly shownDefinitions?: readonly ShownDefinition[];
}

/** A state machine definition printed in an earlier stack's summary. */
export interface ShownDefinition {
  readonly stack: string;
  readonly address: string;
  /** The definition as the summary printed it. */
  readonly text: string;
}

/** Unchanged lines kept around each changed line of a diff. */
const DIFF_CONTEXT = 3;

/** Most changed lines for which a new definition is shown relative to an earlier one. */
const MAX_RELATIVE_LINES = 60;

// Attributes holding IAM policy documents, by resource type.
const POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role: ["assume_role_policy"],
  aws_iam_role_policy: ["policy"],
  aws_iam_policy: ["policy"],
  aws_s3_bucket_policy: ["policy"],
  aws_sqs_queue_policy: ["policy"],
  aws_sns_topic_policy: ["policy"],
};

/** Counts the changes of a plan. */
export function countChanges(plan: PlanDocument): PlanCounts {
  const counts: PlanCounts = {
    add: 0,
    change: 0,
    replace: 0,
    destroy: 0,
    forget: 0,
  };
  for (const change of managedChanges(plan)) {
    const kind = changeKind(change);
    if (kind in counts) {
      counts[kind as keyof PlanCounts]++;
    }
  }
  return counts;
}

/** Writes the Markdown summary of one stack's plan. */
export function summarizePlan(input: SummaryInput): string {
  const counts = countChanges(input.plan);
  const sections = [
    `### ${input.stack}: ${verdict(counts, input.violations)}`,
    `${counts.add} to add, ${counts.change} to change, ${counts.replace} to replace, ${counts.destroy} to destroy${counts.forget > 0 ? `, ${counts.forget} to forget` : ""}.`,
    violationsSection(input.violations),
    removalsSection(input.plan),
    policiesSection(input.plan),
    accessSection(input.plan),
    definitionsSection(input.plan, input.shownDefinitions ?? []),
    relaxedSection(input.relaxed),
  ];
  return `${sections.filter((section) => section !== "").join("\n\n")}\n`;
}

/** Builds the one-line verdict of a plan. */
export function verdict(
  counts: PlanCounts,
  violations: readonly PlanViolation[],
): string {
  if (violations.length > 0) {
    const rules = [
      ...new Set(violations.map((violation) => violation.rule)),
    ].join(", ");
    return `blocked: ${violations.length} plan rule violation(s) (${rules})`;
  }
  const removals = counts.destroy + counts.replace + counts.forget;
  if (removals > 0) {
    return `review the ${removals} destroy, replace or forget action(s) below`;
  }
  if (counts.add + counts.change === 0) {
    return "no changes";
  }
  return "ready to apply";
}

function managedChanges(plan: PlanDocument): ResourceChange[] {
  return (plan.resource_changes ?? []).filter(
    (change) => change.mode === "managed",
  );
}

function violationsSection(violations: readonly PlanViolation[]): string {
  if (violations.length === 0) {
    return "";
  }
  const lines = violations.map(
    (violation) =>
      `- **${violation.rule}** (${PLAN_RULES[violation.rule as keyof typeof PLAN_RULES] ?? ""}) ${violation.message}`,
  );
  return ["#### Plan rule violations", ...lines].join("\n");
}

function removalsSection(plan: PlanDocument): string {
  const removals = managedChanges(plan).filter((change) => {
    const kind: ChangeKind = changeKind(change);
    return kind === "destroy" || kind === "replace" || kind === "forget";
  });
  if (removals.length === 0) {
    return "";
  }
  const lines = removals.map((change) => {
    const kind = changeKind(change);
    const paths = (change.change.replace_paths ?? []).map(
      (path) => `\`${path.join(".")}\``,
    );
    const cause =
      kind === "replace"
        ? `forced by ${paths.length > 0 ? paths.join(", ") : (change.action_reason ?? "an attribute that cannot be updated")}`
        : `because ${change.action_reason ?? "its configuration was removed"}`;
    return `- ${kind} \`${change.address}\`, ${cause}`;
  });
  return ["#### Destroy and replace", ...lines].join("\n");
}

function policiesSection(plan: PlanDocument): string {
  const blocks: string[] = [];
  for (const change of managedChanges(plan)) {
    const kind = changeKind(change);
    if (kind === "no-op" || kind === "read") {
      continue;
    }
    for (const attribute of POLICY_ATTRIBUTES[change.type] ?? []) {
      const before = policyText(change.change.before?.[attribute]);
      const after = policyText(change.change.after?.[attribute]);
      if (before === after) {
        continue;
      }
      const body =
        before === undefined || after === undefined
          ? (after ?? before ?? "")
          : lineDiff(before, after, DIFF_CONTEXT);
      const language =
        before === undefined || after === undefined ? "json" : "diff";
      blocks.push(
        details(`${kind} \`${change.address}\` ${attribute}`, language, body),
      );
    }
  }
  return blocks.length === 0
    ? ""
    : ["#### IAM policies that change", ...blocks].join("\n\n");
}

// Access changes that hold no policy document of their own: managed policies attached to
// roles, permissions boundaries, identity providers and Lake Formation settings.
function accessSection(plan: PlanDocument): string {
  const lines: string[] = [];
  for (const change of managedChanges(plan)) {
    const kind = changeKind(change);
    if (kind === "no-op" || kind === "read") {
      continue;
    }
    const values = change.change.after ?? change.change.before ?? {};
    const line = accessLine(
      change.type,
      values,
      change.change.before,
      change.change.after,
    );
    if (line !== undefined) {
      lines.push(`- ${kind} \`${change.address}\`: ${line}`);
    }
  }
  return lines.length === 0
    ? ""
    : ["#### Other access changes", ...lines].join("\n");
}

function accessLine(
  type: string,
  values: Readonly<Record<string, unknown>>,
  before: Readonly<Record<string, unknown>> | null,
  after: Readonly<Record<string, unknown>> | null,
): string | undefined {
  switch (type) {
    case "aws_iam_role_policy_attachment":
      return `managed policy ${String(values.policy_arn)} on role ${String(values.role ?? "(known after apply)")}`;
    case "aws_iam_openid_connect_provider":
      return `identity provider ${String(values.url)} for audiences ${JSON.stringify(values.client_id_list)}`;
    case "aws_lakeformation_resource":
      return `Lake Formation location ${String(values.arn)} with role ${String(values.role_arn ?? "(known after apply)")}`;
    case "aws_lakeformation_permissions":
      return `Lake Formation permissions ${JSON.stringify(values.permissions)} for ${String(values.principal)}`;
    case "aws_iam_role":
      return (before?.permissions_boundary ?? null) ===
        (after?.permissions_boundary ?? null)
        ? undefined
        : `permissions boundary ${String(before?.permissions_boundary ?? "none")} -> ${String(after?.permissions_boundary ?? "none")}`;
    default:
      return undefined;
  }
}

function definitionsSection(
  plan: PlanDocument,
  shown: readonly ShownDefinition[],
): string {
  const blocks: string[] = [];
  for (const change of managedChanges(plan)) {
    if (change.type !== "aws_sfn_state_machine") {
      continue;
    }
    const kind = changeKind(change);
    const before = jsonText(change.change.before?.definition);
    const after = jsonText(change.change.after?.definition);
    const title = `${kind} \`${change.address}\` definition`;
    if (after === undefined) {
      if (change.change.after_unknown?.definition === true) {
        blocks.push(`- \`${change.address}\`: definition unknown until apply`);
      }
    } else if (before !== undefined && before !== after) {
      blocks.push(
        details(title, "diff", lineDiff(before, after, DIFF_CONTEXT)),
      );
    } else if (before === undefined) {
      blocks.push(newDefinition(title, after, shown));
    }
  }
  return blocks.length === 0
    ? ""
    : ["#### State machine definition", ...blocks].join("\n\n");
}

// A stage's definition comes from the same ASL file as the others', so after the first one
// only the lines that differ (names, ARNs, stage settings) are worth a reviewer's time.
function newDefinition(
  title: string,
  definition: string,
  shown: readonly ShownDefinition[],
): string {
  const similar = shown
    .map((earlier) => ({
      earlier,
      changed: changedLineCount(earlier.text, definition),
    }))
    .filter((candidate) => candidate.changed <= MAX_RELATIVE_LINES)
    .sort((a, b) => a.changed - b.changed)[0];
  if (!similar) {
    return details(title, "json", definition);
  }
  const { earlier } = similar;
  return details(
    `${title}: the definition of \`${earlier.address}\` in ${earlier.stack} with these lines changed`,
    "diff",
    lineDiff(earlier.text, definition, 1),
  );
}

/** Returns the definitions a summary shows in full, for the summaries of later stacks. */
export function fullDefinitions(
  stack: string,
  plan: PlanDocument,
): ShownDefinition[] {
  return managedChanges(plan)
    .filter(
      (change) =>
        change.type === "aws_sfn_state_machine" &&
        change.change.before === null,
    )
    .flatMap((change) => {
      const text = jsonText(change.change.after?.definition);
      return text === undefined
        ? []
        : [{ stack, address: change.address, text }];
    });
}

function relaxedSection(
  relaxed: readonly { setting: string; reason: string }[],
): string {
  if (relaxed.length === 0) {
    return "";
  }
  const lines = relaxed.map(
    (entry) => `- \`${entry.setting}\`: ${entry.reason}`,
  );
  return ["#### Planned offline; relaxed in the override only", ...lines].join(
    "\n",
  );
}

function details(title: string, language: string, body: string): string {
  return [
    `<details><summary>${title}</summary>`,
    "",
    "```" + language,
    body,
    "```",
    "",
    "</details>",
  ].join("\n");
}

// Pretty-prints a JSON document held in a string attribute; other strings stay as they are.
function jsonText(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") {
    return undefined;
  }
  try {
    return readableJson(JSON.parse(value));
  } catch {
    return value;
  }
}

/**
 * Formats an IAM policy document with one statement a line, short enough for a pull
 * request comment and still diffed statement by statement.
 */
export function policyText(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") {
    return undefined;
  }
  let policy: { Version?: unknown; Statement?: unknown };
  try {
    policy = JSON.parse(value) as typeof policy;
  } catch {
    return value;
  }
  if (!Array.isArray(policy.Statement)) {
    return JSON.stringify(policy, null, 2);
  }
  const statements = policy.Statement.map(
    (statement, index, all) =>
      `  ${JSON.stringify(statement)}${index < all.length - 1 ? "," : ""}`,
  );
  return [
    `{"Version": ${JSON.stringify(policy.Version)}, "Statement": [`,
    ...statements,
    "]}",
  ].join("\n");
}
