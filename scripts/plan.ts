import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { PLAN_ALLOW_LIST } from "../stacks/plan-allow-list";
import { STACKS_IN_DEPLOY_ORDER } from "../stacks/stack-list";
import { hasAwsCredentials } from "./lib/credentials";
import { synthApp } from "./lib/synth";
import { parsePlan } from "./lib/plan-json";
import { checkPlan } from "./lib/plan-rules";
import {
  countChanges,
  fullDefinitions,
  ShownDefinition,
  summarizePlan,
} from "./lib/plan-summary";
import { startSfnStandIn, SfnStandIn } from "./lib/sfn-stand-in";
import {
  OFFLINE_RELAXATIONS,
  offlineGuard,
  runTerraform,
  terraformEnvironment,
  writeOfflineOverride,
} from "./lib/terraform";

// npm run plan [-- [--offline] [stack ...]]
// Synthesizes, then runs terraform init, validate and plan for each named stack (all by
// default, shared first), writes cdktf.out/plans/<stack>/{plan.json,summary.md,plan.txt}
// and prints the summaries. Exit code 2: a plan rule is broken; 1: Terraform failed.

const ROOT = path.join(__dirname, "..");
const OUTDIR = path.join(ROOT, "cdktf.out");
const STACK_ORDER = STACKS_IN_DEPLOY_ORDER;

/** Exit codes of the plan command. */
export const EXIT = { ok: 0, terraformFailed: 1, ruleBroken: 2 } as const;

interface Options {
  readonly offline: boolean;
  /** Reason the plan runs offline, printed on its first line. */
  readonly offlineReason: string;
  readonly stacks: readonly string[];
}

class TerraformFailure extends Error {}

function parseArguments(args: readonly string[]): Options {
  const flags = args.filter((arg) => arg.startsWith("-"));
  const unknown = flags.filter((flag) => flag !== "--offline");
  if (unknown.length > 0) {
    throw new Error(
      `Unknown option ${unknown.join(", ")}; usage: npm run plan -- [--offline] [${STACK_ORDER.join("|")} ...]`,
    );
  }
  const named = args.filter((arg) => !arg.startsWith("-"));
  const invalid = named.filter((stack) => !STACK_ORDER.includes(stack));
  if (invalid.length > 0) {
    throw new Error(
      `Unknown stack ${invalid.join(", ")}; expected one or more of ${STACK_ORDER.join(", ")}.`,
    );
  }
  const stacks =
    named.length === 0
      ? STACK_ORDER
      : STACK_ORDER.filter((s) => named.includes(s));
  const offlineRequested = flags.includes("--offline");
  const offline = offlineRequested || !hasAwsCredentials();
  return {
    offline,
    offlineReason: offlineRequested
      ? "--offline was given"
      : "no AWS credentials are configured",
    stacks,
  };
}

function synthesize(): void {
  process.stdout.write("synth: writing cdktf.out/stacks\n");
  synthApp(OUTDIR, true);
}

async function terraform(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  step: string,
) {
  const result = await runTerraform(args, cwd, env);
  if (result.code !== 0) {
    throw new TerraformFailure(
      `terraform ${step} failed in ${cwd}:\n${result.stderr || result.stdout}`,
    );
  }
  return result.stdout;
}

// An offline plan works on a copy of the stack beside its outputs, so the synthesized
// folder keeps its S3 backend and no local state can reach a later cdktf deploy.
function prepareWorkDir(
  stack: string,
  planDir: string,
  standIn: SfnStandIn | undefined,
): string {
  const stackDir = path.join(OUTDIR, "stacks", stack);
  if (!standIn) {
    return stackDir;
  }
  const workDir = path.join(planDir, "terraform");
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  cpSync(path.join(stackDir, "cdk.tf.json"), path.join(workDir, "cdk.tf.json"));
  writeOfflineOverride(workDir, standIn.endpoint);
  return workDir;
}

async function planStack(
  stack: string,
  position: string,
  standIn: SfnStandIn | undefined,
  shownDefinitions: ShownDefinition[],
): Promise<{ summary: string; broken: boolean }> {
  const planDir = path.join(OUTDIR, "plans", stack);
  mkdirSync(planDir, { recursive: true });
  const workDir = prepareWorkDir(stack, planDir, standIn);
  // The CLI configuration goes beside the outputs, never into the synthesized stack.
  const env = terraformEnvironment(workDir, process.env, planDir);
  const guarded = standIn ? offlineGuard(env) : env;
  const progress = (step: string) =>
    process.stdout.write(`${position} ${stack}: ${step}\n`);

  progress("init");
  await terraform(
    ["init", "-input=false", "-no-color", "-reconfigure"],
    workDir,
    env,
    "init",
  );
  progress("validate");
  await terraform(["validate", "-no-color"], workDir, guarded, "validate");
  progress("plan");
  const text = await terraform(
    [
      "plan",
      "-input=false",
      "-no-color",
      "-out=tfplan",
      ...(standIn ? ["-lock=false"] : []),
    ],
    workDir,
    guarded,
    "plan",
  );
  writeFileSync(path.join(planDir, "plan.txt"), text);
  const json = await terraform(
    ["show", "-json", "tfplan"],
    workDir,
    env,
    "show",
  );
  writeFileSync(path.join(planDir, "plan.json"), json);

  const plan = parsePlan(json, path.join(planDir, "plan.json"));
  const violations = checkPlan(stack, plan, PLAN_ALLOW_LIST);
  const summary = summarizePlan({
    stack,
    plan,
    violations,
    relaxed: standIn ? OFFLINE_RELAXATIONS : [],
    shownDefinitions,
  });
  if (shownDefinitions.length === 0) {
    shownDefinitions.push(...fullDefinitions(stack, plan));
  }
  writeFileSync(path.join(planDir, "summary.md"), summary);
  const counts = countChanges(plan);
  progress(
    `${counts.add} to add, ${counts.change} to change, ${counts.replace} to replace, ${counts.destroy} to destroy; ${violations.length} rule violation(s)`,
  );
  return { summary, broken: violations.length > 0 };
}

async function main(): Promise<number> {
  const options = parseArguments(process.argv.slice(2));
  // Plans of an earlier run would otherwise sit beside the new ones, or stay behind when
  // the synth fails.
  rmSync(path.join(OUTDIR, "plans"), { recursive: true, force: true });
  synthesize();
  mkdirSync(path.join(OUTDIR, "plans"), { recursive: true });
  // The order the summaries read in, for the pull request comment.
  writeFileSync(
    path.join(OUTDIR, "plans", "stacks.txt"),
    `${options.stacks.join("\n")}\n`,
  );

  const standIn = options.offline ? await startSfnStandIn() : undefined;
  process.stdout.write(
    options.offline
      ? `plan: offline, because ${options.offlineReason} (local empty state, placeholder credentials, Step Functions stand-in at ${standIn?.endpoint})\n`
      : "plan: against AWS with the configured credentials\n",
  );

  const summaries: string[] = [];
  let broken = false;
  const shownDefinitions: ShownDefinition[] = [];
  try {
    for (const [index, stack] of options.stacks.entries()) {
      const result = await planStack(
        stack,
        `[${index + 1}/${options.stacks.length}]`,
        standIn,
        shownDefinitions,
      );
      summaries.push(result.summary);
      broken ||= result.broken;
    }
  } finally {
    await standIn?.close();
  }

  process.stdout.write(`\n${summaries.join("\n")}`);
  return broken ? EXIT.ruleBroken : EXIT.ok;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = EXIT.terraformFailed;
  },
);
