import { checkStageNames, StageNames, stageNames } from "../../stacks/names";

const ACCOUNT = "111111111111";

// A stage name has at most 12 characters, and the longest commercial Region names have 14.
const MAX_LENGTH_STAGE = "abcdefghijkl";
const MAX_LENGTH_REGIONS = [
  "ap-northeast-1",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-7",
];

describe("stageNames", () => {
  it.each(MAX_LENGTH_REGIONS)("fits a 12-character stage in %s", (region) => {
    const names = stageNames(MAX_LENGTH_STAGE, { accountId: ACCOUNT, region });
    expect(names.inputBucket).toHaveLength(62);
    expect(names.reviewBucket).toHaveLength(63);
  });

  it("keeps the names of the staging stage", () => {
    const names = stageNames("staging", {
      accountId: ACCOUNT,
      region: "eu-west-1",
    });
    expect(names).toEqual({
      prefix: "forms-to-tables-staging",
      inputBucket: "forms-to-tables-staging-input-111111111111-eu-west-1",
      reviewBucket: "forms-to-tables-staging-review-111111111111-eu-west-1",
      tableBucket: "forms-to-tables-staging",
      namespace: "customer_forms",
      table: "customers",
      deliveryStream: "forms-to-tables-staging-records",
      stateMachine: "forms-to-tables-staging-extract-forms",
      stateMachineAlias: "live",
      scheduleGroup: "forms-to-tables-staging",
      schedule: "forms-to-tables-staging-extract-forms",
      deadLetterQueue: "forms-to-tables-staging-schedule-dlq",
    });
  });

  it("rejects a 13-character stage in a 14-character Region", () => {
    expect(() =>
      stageNames("abcdefghijklm", {
        accountId: ACCOUNT,
        region: "ap-southeast-1",
      }),
    ).toThrow(
      'Invalid settings for stage "abcdefghijklm": the review bucket name "forms-to-tables-abcdefghijklm-review-111111111111-ap-southeast-1" has 64 characters, but S3 bucket names allow at most 63; shorten the stage name by 1 character.',
    );
  });

  it("rejects a Region name longer than any current one", () => {
    expect(() =>
      stageNames(MAX_LENGTH_STAGE, {
        accountId: ACCOUNT,
        region: "ap-southeastern-1",
      }),
    ).toThrow(
      'Invalid settings for stage "abcdefghijkl": the input bucket name "forms-to-tables-abcdefghijkl-input-111111111111-ap-southeastern-1" has 65 characters, but S3 bucket names allow at most 63; shorten the stage name by 2 characters.',
    );
  });
});

describe("checkStageNames", () => {
  const names = stageNames(MAX_LENGTH_STAGE, {
    accountId: ACCOUNT,
    region: "ap-southeast-1",
  });

  it("accepts the names of the longest stage and Region", () => {
    expect(() => checkStageNames(MAX_LENGTH_STAGE, names)).not.toThrow();
  });

  it.each<[string, Partial<StageNames>, string]>([
    [
      "a table bucket over 63 characters",
      { tableBucket: "t".repeat(64) },
      `the table bucket name "${"t".repeat(64)}" has 64 characters, but S3 table bucket names allow at most 63; shorten the stage name by 1 character.`,
    ],
    [
      "a state machine role over 64 characters",
      { stateMachine: "m".repeat(61) },
      `the state machine role name "${"m".repeat(61)}-sfn" has 65 characters, but IAM role names allow at most 64; shorten the stage name by 1 character.`,
    ],
    [
      "a delivery stream role over 64 characters",
      { deliveryStream: "d".repeat(56) },
      `the delivery stream role name "${"d".repeat(56)}-firehose" has 65 characters, but IAM role names allow at most 64; shorten the stage name by 1 character.`,
    ],
    [
      "a schedule role over 64 characters",
      { schedule: "s".repeat(56) },
      `the schedule role name "${"s".repeat(56)}-scheduler" has 66 characters, but IAM role names allow at most 64; shorten the stage name by 2 characters.`,
    ],
    [
      "a dead-letter queue over 80 characters",
      { deadLetterQueue: "q".repeat(81) },
      `the dead-letter queue name "${"q".repeat(81)}" has 81 characters, but SQS queue names allow at most 80; shorten the stage name by 1 character.`,
    ],
    [
      "a schedule group over 64 characters",
      { scheduleGroup: "g".repeat(65) },
      `the schedule group name "${"g".repeat(65)}" has 65 characters, but EventBridge Scheduler schedule group names allow at most 64; shorten the stage name by 1 character.`,
    ],
  ])("rejects %s", (_, change, reason) => {
    expect(() =>
      checkStageNames(MAX_LENGTH_STAGE, { ...names, ...change }),
    ).toThrow(`Invalid settings for stage "abcdefghijkl": ${reason}`);
  });
});
