import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { escapeTerraformTemplate } from "../constructs/definition";
import { runTerraform, terraformEnvironment } from "../scripts/lib/terraform";
import { removeDir } from "./support/synth";

jest.setTimeout(60_000);

// JSONata text with both of Terraform's template sequences.
const JSONATA =
  '{% $merge([$states.input, {"note": "${not.a.reference}", "tpl": "%{ if x }"}]) %}';

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

// Synthesizes a stack with one output, plans it with the real Terraform and returns the
// output's planned value, or the error Terraform reports.
async function planOutput(
  value: string,
): Promise<{ value?: string; error?: string }> {
  const outdir = mkdtempSync(path.join(tmpdir(), "forms-escape-"));
  dirs.push(outdir);
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "escape");
  new LocalBackend(stack, { path: "escape.tfstate" });
  new TerraformOutput(stack, "definition", { value });
  app.synth();
  const workDir = path.join(outdir, "stacks", "escape");
  const env = terraformEnvironment(workDir);
  const init = await runTerraform(
    ["init", "-input=false", "-no-color"],
    workDir,
    env,
  );
  expect(init.code).toBe(0);
  const plan = await runTerraform(
    ["plan", "-input=false", "-no-color", "-out=tfplan"],
    workDir,
    env,
  );
  if (plan.code !== 0) {
    return { error: plan.stderr };
  }
  const show = await runTerraform(["show", "-json", "tfplan"], workDir, env);
  const json = JSON.parse(show.stdout) as {
    planned_values: { outputs: Record<string, { value: string }> };
  };
  return { value: json.planned_values.outputs.definition.value };
}

describe("escapeTerraformTemplate through Terraform", () => {
  it("delivers JSONata with ${ and %{ unchanged", async () => {
    const result = await planOutput(escapeTerraformTemplate(JSONATA));
    expect(result.error).toBeUndefined();
    expect(result.value).toBe(JSONATA);
  });

  it("fails without escaping, so the escape is needed", async () => {
    const result = await planOutput(JSONATA);
    expect(result.value).not.toBe(JSONATA);
  });

  it("keeps text without template sequences as it is", () => {
    expect(escapeTerraformTemplate("{% $states.input.Key %}")).toBe(
      "{% $states.input.Key %}",
    );
  });
});
