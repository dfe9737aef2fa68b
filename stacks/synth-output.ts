import { rmSync } from "node:fs";
import * as path from "node:path";
import type { App } from "cdktf";

/**
 * Removes the stacks and manifest a previous synth left in `outdir`, so that a synth
 * stopped by invalid settings leaves nothing behind that could be deployed.
 */
export function removeSynthOutput(outdir: string): void {
  rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
  rmSync(path.join(outdir, "manifest.json"), { force: true });
}

/**
 * Runs `build`, which checks the settings and adds the stacks to `app`, then synthesizes
 * the app. When either step throws, removes the output of any earlier synth from the
 * app's outdir and throws the error again.
 */
export function synthesizeApp(app: App, build: () => void): void {
  try {
    build();
    app.synth();
  } catch (error) {
    removeSynthOutput(app.outdir);
    throw error;
  }
}
