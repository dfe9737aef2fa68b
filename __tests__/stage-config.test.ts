import { SHARED_SETTINGS, STAGE_SETTINGS } from "../stacks/settings";
import {
  checkStagesMatchShared,
  parseSharedConfig,
  parseStageConfig,
  StageConfigInput,
} from "../stacks/stage-config";

const staging = STAGE_SETTINGS.find(
  (stage) => stage.stage === "staging",
) as StageConfigInput;

function withChange(change: (raw: Record<string, unknown>) => void): unknown {
  const raw = structuredClone(staging) as unknown as Record<string, unknown>;
  change(raw);
  return raw;
}

describe("parseStageConfig", () => {
  it("accepts every stage of the settings table", () => {
    for (const stage of STAGE_SETTINGS) {
      expect(parseStageConfig(stage).stage).toBe(stage.stage);
    }
  });

  it("defaults tags to none", () => {
    const config = parseStageConfig(withChange((raw) => delete raw.tags));
    expect(config.tags).toEqual({});
  });

  it.each([
    [
      "a short account ID",
      (raw: Record<string, unknown>) => (raw.accountId = "12345"),
      'Invalid settings for stage "staging": field "accountId" has value "12345"; expected a 12-digit AWS account ID.',
    ],
    [
      "an unknown region format",
      (raw: Record<string, unknown>) => (raw.region = "Europe"),
      'Invalid settings for stage "staging": field "region" has value "Europe"; expected an AWS Region code such as eu-west-1.',
    ],
    [
      "a role ARN of another service",
      (raw: Record<string, unknown>) =>
        (raw.deployRoleArn = "arn:aws:s3:::bucket"),
      'Invalid settings for stage "staging": field "deployRoleArn" has value "arn:aws:s3:::bucket"; expected an IAM role ARN such as arn:aws:iam::123456789012:role/deploy.',
    ],
    [
      "an uppercase state bucket",
      (raw: Record<string, unknown>) => (raw.stateBucket = "State_Bucket"),
      'Invalid settings for stage "staging": field "stateBucket" has value "State_Bucket"; expected an S3 bucket name of 3 to 63 lowercase letters, digits, dots and hyphens.',
    ],
    [
      "a state key prefix with a trailing slash",
      (raw: Record<string, unknown>) => (raw.stateKeyPrefix = "forms/"),
      "field \"stateKeyPrefix\" has value \"forms/\"; expected a key prefix of path segments separated by '/', without a leading or trailing '/'.",
    ],
    [
      "a five-field cron expression",
      (raw: Record<string, unknown>) =>
        ((raw.schedule as Record<string, unknown>).expression =
          "cron(0 6 * * ?)"),
      'field "schedule.expression" has value "cron(0 6 * * ?)"; expected rate(<n> <unit>), cron(<6 fields>) or at(yyyy-mm-ddThh:mm:ss).',
    ],
    [
      "an unknown time zone",
      (raw: Record<string, unknown>) =>
        ((raw.schedule as Record<string, unknown>).timeZone = "Mars/Olympus"),
      'field "schedule.timeZone" has value "Mars/Olympus"; expected an IANA time zone name such as Europe/Berlin or UTC.',
    ],
    [
      "an input prefix without a trailing slash",
      (raw: Record<string, unknown>) => (raw.inputPrefix = "incoming"),
      "field \"inputPrefix\" has value \"incoming\"; expected a folder prefix such as incoming/ that ends in '/' and has no leading '/'.",
    ],
    [
      "a concurrency of zero",
      (raw: Record<string, unknown>) =>
        ((raw.distributedMap as Record<string, unknown>).maxConcurrency = 0),
      'field "distributedMap.maxConcurrency" has value 0; expected a whole number from 1 to 10000.',
    ],
    [
      "a batch larger than one Firehose call",
      (raw: Record<string, unknown>) =>
        ((raw.distributedMap as Record<string, unknown>).batchSize = 501),
      'field "distributedMap.batchSize" has value 501; expected a whole number from 1 to 500.',
    ],
    [
      "a failure percentage above 100",
      (raw: Record<string, unknown>) =>
        ((
          raw.distributedMap as Record<string, unknown>
        ).toleratedFailurePercentage = 120),
      'field "distributedMap.toleratedFailurePercentage" has value 120; expected a number from 0 to 100.',
    ],
    [
      "a negative confidence",
      (raw: Record<string, unknown>) => (raw.minConfidence = -1),
      'field "minConfidence" has value -1; expected a number from 0 to 100.',
    ],
    [
      "a retention CloudWatch does not offer",
      (raw: Record<string, unknown>) => (raw.logRetentionDays = 10),
      'field "logRetentionDays" has value 10; expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.',
    ],
    [
      "a buffer above 128 MiB",
      (raw: Record<string, unknown>) =>
        ((raw.firehoseBuffering as Record<string, unknown>).sizeMb = 256),
      'field "firehoseBuffering.sizeMb" has value 256; expected a whole number from 1 to 128.',
    ],
    [
      "an alarm email without a domain",
      (raw: Record<string, unknown>) => (raw.alarmEmail = "ops@"),
      'field "alarmEmail" has value "ops@"; expected an email address.',
    ],
    [
      "a tag value over 256 characters",
      (raw: Record<string, unknown>) => (raw.tags = { owner: "x".repeat(257) }),
      'field "tags.owner" has value',
    ],
    [
      "an unknown log level",
      (raw: Record<string, unknown>) =>
        (raw.executionLogging = {
          level: "DEBUG",
          includeExecutionData: false,
        }),
      'field "executionLogging.level" has value "DEBUG"; expected "ALL", "ERROR" or "FATAL".',
    ],
    [
      "a prevent-destroy flag that is a string",
      (raw: Record<string, unknown>) => (raw.preventDestroy = "yes"),
      'field "preventDestroy" has value "yes"; expected true or false.',
    ],
    [
      "a missing schedule",
      (raw: Record<string, unknown>) => delete raw.schedule,
      'Invalid settings for stage "staging": field "schedule" is missing; add it to the stage\'s entry in stacks/settings.ts.',
    ],
    [
      "an unknown field",
      (raw: Record<string, unknown>) => (raw.maxConcurency = 3),
      'Invalid settings for stage "staging": unknown field "maxConcurency"; remove it or correct its spelling.',
    ],
  ])("rejects %s", (_, change, message) => {
    expect(() => parseStageConfig(withChange(change))).toThrow(message);
  });

  it("rejects settings without a stage name", () => {
    expect(() =>
      parseStageConfig(withChange((raw) => delete raw.stage)),
    ).toThrow(
      'Invalid settings for stage "(unnamed)": field "stage" is missing; add it to the stage\'s entry in stacks/settings.ts.',
    );
  });

  it("rejects a value that is not an object", () => {
    expect(() => parseStageConfig("staging")).toThrow(
      'Invalid settings for stage "(unnamed)": field "(settings)" has value "staging"',
    );
  });
});

describe("parseSharedConfig", () => {
  it("accepts the shared settings", () => {
    expect(parseSharedConfig(SHARED_SETTINGS).stage).toBe("shared");
  });

  it("rejects a GitHub repository without an owner", () => {
    const raw = {
      ...SHARED_SETTINGS,
      github: { repository: "forms", branch: "main" },
    };
    expect(() => parseSharedConfig(raw)).toThrow(
      'Invalid settings for stage "shared": field "github.repository" has value "forms"; expected a GitHub repository as owner/name.',
    );
  });
});

describe("checkStagesMatchShared", () => {
  const shared = parseSharedConfig(SHARED_SETTINGS);
  const stages = STAGE_SETTINGS.map((raw) => parseStageConfig(raw));

  it("accepts the settings table", () => {
    expect(() => checkStagesMatchShared(shared, stages)).not.toThrow();
  });

  it("rejects a stage in another Region", () => {
    const moved = [{ ...stages[0], region: "us-east-1" }];
    expect(() => checkStagesMatchShared(shared, moved)).toThrow(
      'Invalid settings for stage "staging": field "region" has value "us-east-1", but the shared stack uses "eu-west-1"',
    );
  });

  it("rejects two stages with one name", () => {
    expect(() =>
      checkStagesMatchShared(shared, [stages[0], stages[0]]),
    ).toThrow(
      'field "stage" has value "staging", which another stage already uses',
    );
  });
});
