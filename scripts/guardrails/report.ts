import type { GuardrailReport, RuleResult } from "./runner";

/**
 * Formats a report as plain text: a table of rules by stacks, then every violation with
 * the fix, every exception with its reason, and every exception that matched nothing.
 */
export function formatReport(report: GuardrailReport): string {
  const lines = [...formatTable(report)];
  const failed = report.results.filter((result) => result.violations.length);
  if (failed.length > 0) {
    lines.push("", "Violations:");
    for (const result of failed) {
      const rule = report.rules.find(
        (candidate) => candidate.id === result.ruleId,
      );
      for (const violation of result.violations) {
        lines.push(
          `  ${result.ruleId} [${result.stack}] ${violation.resource}: ${violation.message}`,
        );
      }
      if (rule) {
        lines.push(`    fix: ${rule.fix}`);
      }
    }
  }
  const excepted = report.results.flatMap((result) =>
    result.exceptions.map((exception) => ({ result, exception })),
  );
  if (excepted.length > 0) {
    lines.push("", "Exceptions:");
    for (const { result, exception } of excepted) {
      lines.push(
        `  ${result.ruleId} [${result.stack}] ${exception.resource}: ${exception.message}`,
        `    reason: ${exception.reason}`,
      );
    }
  }
  if (report.unusedExceptions.length > 0) {
    lines.push(
      "",
      "Exceptions that match no violation (remove them or fix the rule ID):",
    );
    for (const unused of report.unusedExceptions) {
      lines.push(
        `  ${unused.ruleId} [${unused.stack}] ${unused.resource}: ${unused.reason}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function formatTable(report: GuardrailReport): string[] {
  const header = ["rule", ...report.stacks];
  const rows = report.rules.map((rule) => [
    rule.id,
    ...report.stacks.map((stack) => statusCell(report.results, rule.id, stack)),
  ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => row[column].length)),
  );
  const render = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join("  ")
      .trimEnd();
  return [render(header), ...rows.map(render)];
}

function statusCell(
  results: readonly RuleResult[],
  ruleId: string,
  stack: string,
): string {
  const result = results.find(
    (candidate) => candidate.ruleId === ruleId && candidate.stack === stack,
  );
  return result?.status ?? "n/a";
}
