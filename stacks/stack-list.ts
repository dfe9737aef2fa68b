import { SHARED_SETTINGS, STAGE_SETTINGS } from "./settings";

/** Names of the stacks `main.ts` synthesizes, in deploy order: shared first. */
export const STACKS_IN_DEPLOY_ORDER: readonly string[] = [
  SHARED_SETTINGS.stage,
  ...STAGE_SETTINGS.map((stage) => stage.stage),
];

/** Stages whose data-bearing resources Terraform may not delete (`preventDestroy`). */
export const PROTECTED_STAGES: readonly string[] = STAGE_SETTINGS.filter(
  (stage) => stage.preventDestroy === true,
).map((stage) => stage.stage);
