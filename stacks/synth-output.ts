import { rmSync } from "node:fs";
import * as path from "node:path";

/**
 * Removes the stacks and manifest a previous synth left in `outdir`, so that a synth
 * stopped by invalid settings leaves nothing behind that could be deployed.
 */
export function removeSynthOutput(outdir: string): void {
  rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
  rmSync(path.join(outdir, "manifest.json"), { force: true });
}
