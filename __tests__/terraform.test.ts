import { readFileSync } from "node:fs";
import * as path from "node:path";
import { startSfnStandIn, SfnStandIn } from "../scripts/lib/sfn-stand-in";
import {
  OFFLINE_OVERRIDE_FILE,
  runTerraform,
  terraformEnvironment,
  writeOfflineOverride,
} from "../scripts/lib/terraform";
import { copyStack, removeDir, STACK_NAMES, synthApp } from "./support/synth";

// Each stack is planned in a copy of its own, with its own CLI configuration, so the
// stacks share no plugin cache or lock file.
jest.setTimeout(300_000);

let outdir: string;
let standIn: SfnStandIn;
const workDirs: string[] = [];

beforeAll(async () => {
  outdir = synthApp();
  standIn = await startSfnStandIn();
});

afterAll(async () => {
  await standIn?.close();
  removeDir(outdir);
  workDirs.forEach(removeDir);
});

describe.each(STACK_NAMES)("terraform on the %s stack", (stack) => {
  let workDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    workDir = copyStack(outdir, stack);
    workDirs.push(workDir);
    env = terraformEnvironment(workDir);
    writeOfflineOverride(workDir, standIn.endpoint);
  });

  it("initializes with a local backend", async () => {
    const result = await runTerraform(
      ["init", "-input=false", "-no-color"],
      workDir,
      env,
    );
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
  });

  it("validates", async () => {
    const result = await runTerraform(
      ["validate", "-json", "-no-color"],
      workDir,
      env,
    );
    const report = JSON.parse(result.stdout) as {
      valid: boolean;
      error_count: number;
    };
    expect(report.error_count).toBe(0);
    expect(report.valid).toBe(true);
  });

  it("plans with no AWS account", async () => {
    const result = await runTerraform(
      [
        "plan",
        "-input=false",
        "-no-color",
        "-lock=false",
        "-out=offline.tfplan",
      ],
      workDir,
      env,
    );
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /Plan: \d+ to add, 0 to change, 0 to destroy\./,
    );
  });

  it("leaves the synthesized JSON unchanged", () => {
    const original = readFileSync(
      path.join(outdir, "stacks", stack, "cdk.tf.json"),
      "utf8",
    );
    const planned = readFileSync(path.join(workDir, "cdk.tf.json"), "utf8");
    expect(planned).toBe(original);
    expect(original).not.toContain(OFFLINE_OVERRIDE_FILE);
  });
});

describe("offline plan of the state machine definition", () => {
  it("asks the loopback stand-in to validate each stage's definition", () => {
    const validations = standIn.operations.filter(
      (operation) => operation === "ValidateStateMachineDefinition",
    );
    expect(validations.length).toBeGreaterThanOrEqual(2);
    expect(
      standIn.operations.every((op) => op === "ValidateStateMachineDefinition"),
    ).toBe(true);
  });
});
