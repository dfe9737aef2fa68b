import { Testing } from "cdktf";
import { SHARED_SETTINGS, STAGE_SETTINGS } from "../../stacks/settings";
import { SharedStack } from "../../stacks/shared-stack";
import {
  parseSharedConfig,
  parseStageConfig,
  SharedConfigInput,
  StageConfigInput,
} from "../../stacks/stage-config";
import { StageStack } from "../../stacks/stage-stack";
import type { SynthesizedStack } from "./synth";

/** Returns a copy of one stage's entry in the settings table, safe to change. */
export function stageSettings(stage: string): StageConfigInput {
  const entry = STAGE_SETTINGS.find((item) => item.stage === stage);
  if (!entry) {
    throw new Error(`No stage "${stage}" in stacks/settings.ts.`);
  }
  return structuredClone(entry);
}

/** Returns a copy of the shared stack's settings, safe to change. */
export function sharedSettings(): SharedConfigInput {
  return structuredClone(SHARED_SETTINGS);
}

/** Builds a StageStack from raw settings in a new app and returns its synthesized JSON. */
export function synthStageStack(raw: StageConfigInput): SynthesizedStack {
  const config = parseStageConfig(raw);
  const stack = new StageStack(Testing.app(), config.stage, config);
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

/**
 * Builds the SharedStack from raw settings, with the stages of the settings table, in a
 * new app and returns its synthesized JSON.
 */
export function synthSharedStack(
  raw: SharedConfigInput = SHARED_SETTINGS,
): SynthesizedStack {
  const stack = new SharedStack(
    Testing.app(),
    "shared",
    parseSharedConfig(raw),
    STAGE_SETTINGS.map((stage) => parseStageConfig(stage)),
  );
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}
