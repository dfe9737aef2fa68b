import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { STACKS_IN_DEPLOY_ORDER } from "../../stacks/stack-list";

/** Root of the repository. */
export const REPO_ROOT = path.join(__dirname, "..", "..");

/** Names of the stacks `main.ts` synthesizes, in deploy order. */
export const STACK_NAMES = STACKS_IN_DEPLOY_ORDER;

/** The synthesized JSON of one stack. */
export interface SynthesizedStack {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly terraform?: Record<string, unknown>;
  readonly output?: Record<string, { value: unknown }>;
}

/**
 * Runs `main.ts` the way `cdktf synth` does (the app command of cdktf.json, ts-node with
 * swc) and returns the output folder: `outdir`, or a new temporary folder that the caller
 * removes. With `showOutput`, the app's output goes to this process's terminal.
 */
export function synthApp(outdir?: string, showOutput = false): string {
  const target = outdir ?? mkdtempSync(path.join(tmpdir(), "forms-synth-"));
  execFileSync(
    process.execPath,
    [require.resolve("ts-node/dist/bin.js"), "--swc", "main.ts"],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, CDKTF_OUTDIR: target, CHECKPOINT_DISABLE: "1" },
      stdio: showOutput ? "inherit" : "pipe",
    },
  );
  return target;
}

/** Reads one synthesized stack from an output folder. */
export function readStack(outdir: string, stack: string): SynthesizedStack {
  return JSON.parse(
    readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"),
  ) as SynthesizedStack;
}

/** Copies one synthesized stack into a folder of its own for Terraform to work in. */
export function copyStack(outdir: string, stack: string): string {
  const workDir = mkdtempSync(path.join(tmpdir(), `forms-tf-${stack}-`));
  cpSync(path.join(outdir, "stacks", stack), workDir, { recursive: true });
  return workDir;
}

/** Removes a temporary folder. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Returns the resources of one type in a synthesized stack, by their Terraform name. */
export function resourcesOf(
  stack: SynthesizedStack,
  type: string,
): Record<string, Record<string, unknown>> {
  return stack.resource?.[type] ?? {};
}
