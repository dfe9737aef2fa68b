import { lineDiff } from "./line-diff";
import {
  ChangeKind,
  changeKind,
  PlanDocument,
  ResourceChange,
} from "./plan-json";
import { PLAN_RULES, PlanViolation } from "./plan-rules";

/** Counts of a plan, as `terraform plan` reports them, with replacements on their own. */
export type PlanCounts = Record<
  "add" | "change" | "replace" | "destroy",
  number
>;

/** What the summary of one stack's plan is made from. */
export interface SummaryInput {
  readonly stack: string;
  readonly plan: PlanDocument;
  readonly violations: readonly PlanViolation[];
  /** Settings the offline override relaxed, or none for a plan against AWS. */
  readonly relaxed: readonly { setting: string; reason: string }[];
}

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
  const counts: PlanCounts = { add: 0, change: 0, replace: 0, destroy: 0 };
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
    `${counts.add} to add, ${counts.change} to change, ${counts.replace} to replace, ${counts.destroy} to destroy.`,
    violationsSection(input.violations),
    removalsSection(input.plan),
    policiesSection(input.plan),
    definitionsSection(input.plan),
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
  if (counts.destroy + counts.replace > 0) {
    return `review the ${counts.destroy + counts.replace} destroy or replace action(s) below`;
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
    return kind === "destroy" || kind === "replace";
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
          : lineDiff(before, after);
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

function definitionsSection(plan: PlanDocument): string {
  const blocks: string[] = [];
  for (const change of managedChanges(plan)) {
    if (change.type !== "aws_sfn_state_machine") {
      continue;
    }
    const kind = changeKind(change);
    const before = policyText(change.change.before?.definition);
    const after = policyText(change.change.after?.definition);
    if (after === undefined) {
      if (change.change.after_unknown?.definition === true) {
        blocks.push(`- \`${change.address}\`: definition unknown until apply`);
      }
      continue;
    }
    if (before === after) {
      continue;
    }
    const body = before === undefined ? after : lineDiff(before, after);
    blocks.push(
      details(
        `${kind} \`${change.address}\` definition`,
        before === undefined ? "json" : "diff",
        body,
      ),
    );
  }
  return blocks.length === 0
    ? ""
    : ["#### State machine definition", ...blocks].join("\n\n");
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
function policyText(value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") {
    return undefined;
  }
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}
