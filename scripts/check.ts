// Synthesizes every stack and checks it against the guardrail rule table. Prints a table
// of rules by stacks, then each violation and exception; exits 1 on a violation.
import { readStack, removeDir, STACK_NAMES, synthApp } from "./lib/synth";
import { RULES } from "./guardrails";
import { formatReport } from "./guardrails/report";
import { evaluateRules, hasViolations } from "./guardrails/runner";

async function main(): Promise<number> {
  const outdir = synthApp();
  try {
    const stacks = STACK_NAMES.map((name) => ({
      name,
      json: readStack(outdir, name),
    }));
    const report = await evaluateRules(stacks, RULES);
    process.stdout.write(formatReport(report));
    return hasViolations(report) ? 1 : 0;
  } finally {
    removeDir(outdir);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      `Guardrail check failed to run: ${(error as Error).stack ?? String(error)}`,
    );
    process.exitCode = 2;
  },
);
