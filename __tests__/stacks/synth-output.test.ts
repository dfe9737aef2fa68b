import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { synthesizeApp } from "../../stacks/synth-output";
import { removeDir } from "../support/synth";

// Writes the stacks folder and manifest an earlier synth would have left in `outdir`.
function writeStaleOutput(outdir: string): void {
  mkdirSync(path.join(outdir, "stacks", "staging"), { recursive: true });
  writeFileSync(path.join(outdir, "stacks", "staging", "cdk.tf.json"), "{}");
  writeFileSync(path.join(outdir, "manifest.json"), "{}");
}

describe("synthesizeApp", () => {
  let outdir: string;
  let app: App;

  beforeEach(() => {
    outdir = mkdtempSync(path.join(tmpdir(), "forms-synth-output-"));
    writeStaleOutput(outdir);
    app = new App({ outdir, stackTraces: false });
  });

  afterEach(() => removeDir(outdir));

  it("writes the stacks it builds", () => {
    synthesizeApp(app, () => new TerraformStack(app, "shared"));
    expect(
      existsSync(path.join(outdir, "stacks", "shared", "cdk.tf.json")),
    ).toBe(true);
    expect(existsSync(path.join(outdir, "manifest.json"))).toBe(true);
  });

  it("removes stale output when building fails", () => {
    expect(() =>
      synthesizeApp(app, () => {
        throw new Error("the stage stack failed");
      }),
    ).toThrow("the stage stack failed");
    expect(existsSync(path.join(outdir, "stacks"))).toBe(false);
    expect(existsSync(path.join(outdir, "manifest.json"))).toBe(false);
  });

  it("removes stale output when the synth fails", () => {
    const build = () => {
      const stack = new TerraformStack(app, "staging");
      stack.node.addValidation({ validate: () => ["the stack is invalid"] });
    };
    expect(() => synthesizeApp(app, build)).toThrow("the stack is invalid");
    expect(existsSync(path.join(outdir, "stacks"))).toBe(false);
    expect(existsSync(path.join(outdir, "manifest.json"))).toBe(false);
  });
});
