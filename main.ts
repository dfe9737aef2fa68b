import { App } from "cdktf";
import { SharedStack } from "./stacks/shared-stack";
import { SHARED_SETTINGS, STAGE_SETTINGS } from "./stacks/settings";
import {
  checkStagesMatchShared,
  parseSharedConfig,
  parseStageConfig,
} from "./stacks/stage-config";
import { StageStack } from "./stacks/stage-stack";
import { synthesizeApp } from "./stacks/synth-output";

const app = new App({ stackTraces: false });

// Every setting is checked before any stack exists. A bad setting, or a stack that fails
// to build or synthesize, stops the synth with its message and removes the output of any
// earlier synth, so nothing stale can be deployed.
synthesizeApp(app, () => {
  const shared = parseSharedConfig(SHARED_SETTINGS);
  const stages = STAGE_SETTINGS.map((raw) => parseStageConfig(raw));
  checkStagesMatchShared(shared, stages);

  new SharedStack(app, "shared", shared, stages);
  for (const stage of stages) {
    new StageStack(app, stage.stage, stage);
  }
});
