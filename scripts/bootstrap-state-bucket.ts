import { SHARED_SETTINGS, STAGE_SETTINGS } from "../stacks/settings";
import { parseSharedConfig, parseStageConfig } from "../stacks/stage-config";
import {
  distinctStateLocations,
  stateBucketCommands,
} from "../stacks/state-bucket";

// Prints the AWS CLI commands that create the Terraform state buckets named in the stage
// table. Review them, then run them once per account with administrator credentials:
//   npm run --silent bootstrap-state | sh -e
const locations = distinctStateLocations([
  parseSharedConfig(SHARED_SETTINGS),
  ...STAGE_SETTINGS.map((raw) => parseStageConfig(raw)),
]);
console.log("#!/bin/sh");
console.log(
  "# Creates the Terraform state buckets of the stage table; run once per account.",
);
for (const location of locations) {
  console.log(
    `\n# ${location.stateBucket} in ${location.accountId}/${location.region}`,
  );
  for (const command of stateBucketCommands(location)) {
    console.log(command);
  }
}
