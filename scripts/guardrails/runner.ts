import { readAcknowledgedRules } from "../../constructs/rule-exceptions";
import type { Rule } from "./rule";
import { stackContext, StackContext, TerraformJson } from "./stack";

/** Outcome of one rule on one stack. */
export type RuleStatus = "pass" | "FAIL" | "n/a" | "exception";

/** A violation the rule found on one resource. */
export interface Violation {
  readonly resource: string;
  readonly message: string;
}

/** A violation that the resource declares as deliberate, with its reason. */
export interface AcknowledgedViolation extends Violation {
  readonly reason: string;
}

/** Result of one rule on one stack. */
export interface RuleResult {
  readonly ruleId: string;
  readonly stack: string;
  readonly status: RuleStatus;
  readonly violations: readonly Violation[];
  readonly exceptions: readonly AcknowledgedViolation[];
}

/** An exception declared on a resource that matched nothing: a stale or misspelt entry. */
export interface UnusedException {
  readonly stack: string;
  readonly resource: string;
  readonly ruleId: string;
  readonly reason: string;
}

/** Results of every rule on every stack. */
export interface GuardrailReport {
  readonly rules: readonly Rule[];
  readonly stacks: readonly string[];
  readonly results: readonly RuleResult[];
  readonly unusedExceptions: readonly UnusedException[];
}

/** A synthesized stack with its name. */
export interface NamedStack {
  readonly name: string;
  readonly json: TerraformJson;
}

/** Runs every rule on every stack and collects the results. */
export async function evaluateRules(
  stacks: readonly NamedStack[],
  rules: readonly Rule[],
): Promise<GuardrailReport> {
  const names = stacks.map((stack) => stack.name);
  const results: RuleResult[] = [];
  const unusedExceptions: UnusedException[] = [];
  for (const stack of stacks) {
    const context = stackContext(stack.name, stack.json, names);
    const used = new Set<string>();
    for (const rule of rules) {
      results.push(await evaluateRule(rule, context, used));
    }
    unusedExceptions.push(...findUnusedExceptions(context, used));
  }
  return { rules, stacks: names, results, unusedExceptions };
}

/** Tells whether the report has a violation or an unused exception. */
export function hasViolations(report: GuardrailReport): boolean {
  return (
    report.results.some((result) => result.status === "FAIL") ||
    report.unusedExceptions.length > 0
  );
}

async function evaluateRule(
  rule: Rule,
  stack: StackContext,
  used: Set<string>,
): Promise<RuleResult> {
  const subjects = rule.subjects(stack);
  const violations: Violation[] = [];
  const exceptions: AcknowledgedViolation[] = [];
  for (const subject of subjects) {
    const messages = await rule.check(subject, stack);
    const reason = readAcknowledgedRules(subject.body)[rule.id];
    for (const message of messages) {
      const violation = { resource: subject.address, message };
      if (reason === undefined) {
        violations.push(violation);
      } else {
        exceptions.push({ ...violation, reason });
        used.add(`${subject.address} ${rule.id}`);
      }
    }
  }
  return {
    ruleId: rule.id,
    stack: stack.name,
    status: statusOf(subjects.length, violations.length, exceptions.length),
    violations,
    exceptions,
  };
}

function statusOf(
  subjects: number,
  violations: number,
  exceptions: number,
): RuleStatus {
  if (subjects === 0) {
    return "n/a";
  }
  if (violations > 0) {
    return "FAIL";
  }
  return exceptions > 0 ? "exception" : "pass";
}

function findUnusedExceptions(
  stack: StackContext,
  used: ReadonlySet<string>,
): UnusedException[] {
  const unused: UnusedException[] = [];
  for (const resource of stack.resources) {
    const declared = readAcknowledgedRules(resource.body);
    for (const [ruleId, reason] of Object.entries(declared)) {
      if (!used.has(`${resource.address} ${ruleId}`)) {
        unused.push({
          stack: stack.name,
          resource: resource.address,
          ruleId,
          reason,
        });
      }
    }
  }
  return unused;
}
