import type { SharedConfigInput, StageConfigInput } from "./stage-config";

// The stage table. Replace the placeholder account ID 111111111111, the state bucket and the
// GitHub repository with your own before the first deploy; `npm run synth` checks every field.

/** Account and Region settings shared by every stage, and the repository CI runs from. */
export const SHARED_SETTINGS: SharedConfigInput = {
  stage: "shared",
  accountId: "111111111111",
  region: "eu-west-1",
  stateBucket: "forms-to-tables-tfstate-111111111111-eu-west-1",
  stateKeyPrefix: "forms-to-tables",
  githubEnvironment: "shared",
  github: { repository: "example-org/forms-to-tables", branch: "main" },
  tags: { "cost-center": "data-platform" },
};

/** One entry per stage; `main.ts` creates one stack for each. */
export const STAGE_SETTINGS: readonly StageConfigInput[] = [
  {
    stage: "staging",
    accountId: "111111111111",
    region: "eu-west-1",
    stateBucket: "forms-to-tables-tfstate-111111111111-eu-west-1",
    stateKeyPrefix: "forms-to-tables",
    githubEnvironment: "staging",
    schedule: { expression: "rate(1 hour)", timeZone: "UTC" },
    inputPrefix: "incoming/",
    distributedMap: {
      maxConcurrency: 2,
      batchSize: 20,
      toleratedFailurePercentage: 10,
    },
    minConfidence: 80,
    logRetentionDays: 14,
    firehoseBuffering: { sizeMb: 1, intervalSeconds: 60 },
    preventDestroy: false,
    executionLogging: { level: "ALL", includeExecutionData: true },
    tags: { "cost-center": "data-platform" },
  },
  {
    stage: "prod",
    accountId: "111111111111",
    region: "eu-west-1",
    stateBucket: "forms-to-tables-tfstate-111111111111-eu-west-1",
    stateKeyPrefix: "forms-to-tables",
    githubEnvironment: "prod",
    schedule: {
      expression: "cron(0 6-20 ? * MON-FRI *)",
      timeZone: "Europe/Berlin",
    },
    inputPrefix: "incoming/",
    distributedMap: {
      maxConcurrency: 5,
      batchSize: 50,
      toleratedFailurePercentage: 5,
    },
    minConfidence: 90,
    logRetentionDays: 90,
    firehoseBuffering: { sizeMb: 64, intervalSeconds: 300 },
    // The forms hold personal data: prod keeps its data resources and logs no inputs.
    preventDestroy: true,
    executionLogging: { level: "ERROR", includeExecutionData: false },
    alarmEmail: "data-platform-alerts@example.com",
    tags: { "cost-center": "data-platform", "data-classification": "personal" },
  },
];
