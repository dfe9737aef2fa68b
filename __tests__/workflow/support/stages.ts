import { removeDir, synthApp } from "../../support/synth";
import {
  SynthesizedStage,
  readSynthesizedStage,
} from "../../../scripts/simulator/synthesized-stage";

/** The stage stacks of one synth into a temporary folder. */
export interface SynthesizedStages {
  readonly outdir: string;
  readonly staging: SynthesizedStage;
  readonly prod: SynthesizedStage;
  /** Removes the temporary folder. */
  remove(): void;
}

/** Synthesizes the app, as `npm run synth` does, and reads both stage stacks. */
export function synthesizeStages(): SynthesizedStages {
  const outdir = synthApp();
  return {
    outdir,
    staging: readSynthesizedStage("staging", outdir),
    prod: readSynthesizedStage("prod", outdir),
    remove: () => removeDir(outdir),
  };
}

/**
 * Synthesizes the stages before the tests of the calling file and removes them after,
 * returning a getter for the tests to use.
 */
export function useSynthesizedStages(): () => SynthesizedStages {
  let stages: SynthesizedStages | undefined;
  beforeAll(() => {
    stages = synthesizeStages();
  });
  afterAll(() => {
    stages?.remove();
  });
  return () => {
    if (!stages) {
      throw new Error(
        "The stages are synthesized in beforeAll; read them inside a test.",
      );
    }
    return stages;
  };
}
