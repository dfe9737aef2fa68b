import { startSfnStandIn, SfnStandIn } from "../../scripts/lib/sfn-stand-in";
import { copyStack, removeDir, synthApp } from "./synth";

/** What a test file of offline Terraform runs works with. */
export interface OfflineTerraform {
  /** Folder the app was synthesized into. */
  readonly outdir: () => string;
  /** The Step Functions stand-in on 127.0.0.1. */
  readonly standIn: () => SfnStandIn;
  /** Copies a synthesized stack into a work folder that is removed after the file. */
  readonly workDirFor: (stack: string) => string;
}

/**
 * Synthesizes the app and starts the Step Functions stand-in before the tests of a file,
 * and stops the stand-in and removes every folder after them.
 */
export function useOfflineTerraform(): OfflineTerraform {
  let outdir = "";
  let standIn: SfnStandIn | undefined;
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

  return {
    outdir: () => outdir,
    standIn: () => {
      if (!standIn) {
        throw new Error(
          "The stand-in is not running; call this inside a test or hook.",
        );
      }
      return standIn;
    },
    workDirFor: (stack) => {
      const workDir = copyStack(outdir, stack);
      workDirs.push(workDir);
      return workDir;
    },
  };
}
