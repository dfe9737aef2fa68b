import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
  OFFLINE_OVERRIDE_FILE,
  offlineGuard,
  runTerraform,
  terraformEnvironment,
  writeOfflineOverride,
} from "../scripts/lib/terraform";
import { unescapeTerraformTemplate } from "../constructs/definition";
import { useOfflineTerraform } from "./support/offline-terraform";
import { readStack, resourcesOf, STACK_NAMES } from "./support/synth";

interface PlannedResource {
  readonly type: string;
  readonly name: string;
  readonly values: Record<string, unknown>;
}

// Each stack is planned in a copy of its own, with its own CLI configuration, so the
// stacks share no plugin cache or lock file.
jest.setTimeout(300_000);

const offline = useOfflineTerraform();

describe.each(STACK_NAMES)("terraform on the %s stack", (stack) => {
  let workDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    workDir = offline.workDirFor(stack);
    env = terraformEnvironment(workDir);
    writeOfflineOverride(workDir, offline.standIn().endpoint);
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
      // Any request that is not for the loopback address fails at a closed proxy.
      offlineGuard(env),
    );
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /Plan: \d+ to add, 0 to change, 0 to destroy\./,
    );
  });

  it("plans the definition exactly as the ASL file renders it", async () => {
    const show = await runTerraform(
      ["show", "-json", "offline.tfplan"],
      workDir,
      env,
    );
    const plan = JSON.parse(show.stdout) as {
      planned_values: { root_module: { resources: PlannedResource[] } };
    };
    const synthesized = readStack(offline.outdir(), stack);
    const machines = plan.planned_values.root_module.resources.filter(
      (resource) => resource.type === "aws_sfn_state_machine",
    );
    for (const machine of machines) {
      const configured = resourcesOf(synthesized, "aws_sfn_state_machine")[
        machine.name
      ];
      const planned = String(machine.values.definition);
      expect(planned).toBe(
        unescapeTerraformTemplate(String(configured.definition)),
      );
      expect(planned).not.toContain("{{");
      expect(() => JSON.parse(planned)).not.toThrow();
    }
    expect(machines.length).toBe(stack === "shared" ? 0 : 1);
  });

  it("leaves the synthesized JSON unchanged", () => {
    const original = readFileSync(
      path.join(offline.outdir(), "stacks", stack, "cdk.tf.json"),
      "utf8",
    );
    const planned = readFileSync(path.join(workDir, "cdk.tf.json"), "utf8");
    expect(planned).toBe(original);
    expect(original).not.toContain(OFFLINE_OVERRIDE_FILE);
  });
});

describe("offline plan of the state machine definition", () => {
  it("asks the loopback stand-in to validate each stage's definition", () => {
    const validations = offline
      .standIn()
      .operations.filter(
        (operation) => operation === "ValidateStateMachineDefinition",
      );
    expect(validations.length).toBeGreaterThanOrEqual(2);
    expect(
      offline
        .standIn()
        .operations.every((op) => op === "ValidateStateMachineDefinition"),
    ).toBe(true);
  });
});
