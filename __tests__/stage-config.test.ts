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

type Change = (raw: Record<string, unknown>) => void;

const STAGING = 'Invalid settings for stage "staging": ';

function setSchedule(field: "expression" | "timeZone", value: string): Change {
  return (raw) => ((raw.schedule as Record<string, unknown>)[field] = value);
}

function manyTags(count: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [`team-${index}`, "forms"]),
  );
}

describe("parseStageConfig schedule expression", () => {
  it.each([
    "rate(1 hour)",
    "cron(0 6-20 ? * MON-FRI *)",
    "cron(0/15 */2 1-15,20 JAN-MAR,12 ? 1970-2199)",
    "cron(59 23 L * ? *)",
    "cron(0 6 15W * ? 2030)",
    "cron(0 6 ? * MON#2 *)",
    "cron(0 6 ? * 6L *)",
    "cron(0 6 ? * L *)",
    "cron(0 6 ? 1/3 1,7 *)",
    "at(2028-02-29T23:59:59)",
  ])("accepts %s", (expression) => {
    const config = parseStageConfig(
      withChange(setSchedule("expression", expression)),
    );
    expect(config.schedule.expression).toBe(expression);
  });

  it.each([
    [
      "60 minutes",
      "cron(60 6 ? * * *)",
      'expected 0-59 in the minutes field, but found "60"',
    ],
    [
      "24 hours",
      "cron(0 24 ? * * *)",
      'expected 0-23 in the hours field, but found "24"',
    ],
    [
      "a question mark in hours",
      "cron(0 ? * * ? *)",
      'expected 0-23 in the hours field, but found "?"',
    ],
    [
      "day 32 of the month",
      "cron(0 6 32 * ? *)",
      'expected 1-31, ?, L (last day) or a day with W (nearest weekday) such as 15W in the day-of-month field, but found "32"',
    ],
    [
      "a weekday nearest day 32",
      "cron(0 6 32W * ? *)",
      'expected 1-31, ?, L (last day) or a day with W (nearest weekday) such as 15W in the day-of-month field, but found "32W"',
    ],
    [
      "month 13",
      "cron(0 6 1 13 ? *)",
      'expected 1-12 or JAN-DEC in the month field, but found "13"',
    ],
    [
      "a lowercase month name",
      "cron(0 6 1 jan ? *)",
      'expected 1-12 or JAN-DEC in the month field, but found "jan"',
    ],
    [
      "day 8 of the week",
      "cron(0 6 ? * 8 *)",
      'expected 1-7 or SUN-SAT, ?, L (last day of the week), a day with L (last of the month) such as 6L, or day#n (nth of the month) such as MON#2 in the day-of-week field, but found "8"',
    ],
    [
      "a sixth weekday of the month",
      "cron(0 6 ? * MON#6 *)",
      'expected 1-7 or SUN-SAT, ?, L (last day of the week), a day with L (last of the month) such as 6L, or day#n (nth of the month) such as MON#2 in the day-of-week field, but found "MON#6"',
    ],
    [
      "a step in day of week",
      "cron(0 6 ? * 1/2 *)",
      'expected no step (/) in the day-of-week field, but found "1/2"',
    ],
    [
      "year 1969",
      "cron(0 6 1 * ? 1969)",
      'expected 1970-2199 in the year field, but found "1969"',
    ],
    [
      "a step of zero",
      "cron(0/0 6 ? * * *)",
      'expected a step from 1 to 60 in the minutes field, but found "0/0"',
    ],
    [
      "a step longer than the field",
      "cron(0 0/25 ? * * *)",
      'expected a step from 1 to 24 in the hours field, but found "0/25"',
    ],
    [
      "a range that ends before it starts",
      "cron(0 20-6 ? * * *)",
      'expected a range whose start is not after its end in the hours field, but found "20-6", so write it as two ranges: 20-23,0-6',
    ],
    [
      "an empty list item",
      "cron(0,,30 6 ? * * *)",
      'expected 0-59 in the minutes field, but found ""',
    ],
    [
      "both day fields set",
      "cron(0 6 * * MON *)",
      'expected "?" in exactly one of the day-of-month and day-of-week fields, but found "*" and "MON"',
    ],
    [
      "neither day field set",
      "cron(0 6 ? * ? *)",
      'expected "?" in exactly one of the day-of-month and day-of-week fields, but found "?" and "?"',
    ],
    [
      "a day that February lacks",
      "at(2027-02-29T10:00:00)",
      'expected a real date in at(yyyy-mm-ddThh:mm:ss), but found "2027-02-29"',
    ],
    [
      "month 13 in at()",
      "at(2027-13-01T10:00:00)",
      'expected a real date in at(yyyy-mm-ddThh:mm:ss), but found "2027-13-01"',
    ],
    [
      "hour 24 in at()",
      "at(2027-06-01T24:00:00)",
      'expected a real time of day in at(yyyy-mm-ddThh:mm:ss), but found "24:00:00"',
    ],
    [
      "minute 60 in at()",
      "at(2027-06-01T12:60:00)",
      'expected a real time of day in at(yyyy-mm-ddThh:mm:ss), but found "12:60:00"',
    ],
  ])("rejects %s", (_, expression, reason) => {
    expect(() =>
      parseStageConfig(withChange(setSchedule("expression", expression))),
    ).toThrow(
      `${STAGING}field "schedule.expression" has value "${expression}"; ${reason}.`,
    );
  });
});

describe("parseStageConfig time zone", () => {
  it.each(["UTC", "Europe/Berlin", "America/Halifax", "Asia/Tokyo"])(
    "accepts %s",
    (timeZone) => {
      const config = parseStageConfig(
        withChange(setSchedule("timeZone", timeZone)),
      );
      expect(config.schedule.timeZone).toBe(timeZone);
    },
  );

  it.each([
    [
      "a lowercase name",
      "europe/berlin",
      ', spelled exactly as listed: "Europe/Berlin"',
    ],
    [
      "an uppercase name",
      "EUROPE/BERLIN",
      ', spelled exactly as listed: "Europe/Berlin"',
    ],
    ["another name of UTC", "Etc/UTC", ', spelled exactly as listed: "UTC"'],
    ["an unknown name", "Mars/Olympus", ""],
  ])("rejects %s", (_, timeZone, hint) => {
    expect(() =>
      parseStageConfig(withChange(setSchedule("timeZone", timeZone))),
    ).toThrow(
      `${STAGING}field "schedule.timeZone" has value "${timeZone}"; expected an IANA time zone name such as Europe/Berlin or UTC${hint}.`,
    );
  });
});

describe("parseStageConfig tags", () => {
  it.each([
    ["letters of any script", { "Kostenstelle Größe": "Daten/Plattform ü" }],
    ["every allowed symbol", { "a_.:/=+-@ b": "a_.:/=+-@ b" }],
    ["a key of 128 characters", { ["k".repeat(128)]: "forms" }],
    ["128 letters outside the BMP", { ["𝐀".repeat(128)]: "forms" }],
    ["an empty value", { owner: "" }],
    ["a value of 256 characters", { owner: "v".repeat(256) }],
    ["47 tags", manyTags(47)],
  ])("accepts %s", (_, tags) => {
    expect(
      parseStageConfig(withChange((raw) => (raw.tags = tags))).tags,
    ).toEqual(tags);
  });

  it.each([
    [
      "a key with the aws: prefix",
      { "aws:owner": "forms" },
      'has key "aws:owner"; expected a tag key that does not start with "aws:", which AWS reserves for its own tags.',
    ],
    [
      "a key with the AWS: prefix",
      { "AWS:owner": "forms" },
      'has key "AWS:owner"; expected a tag key that does not start with "aws:", which AWS reserves for its own tags.',
    ],
    [
      "a key with a character AWS rejects",
      { "owner!": "forms" },
      'has key "owner!"; expected a tag key of letters, digits, spaces and the characters _ . : / = + - @.',
    ],
    [
      "an empty key",
      { "": "forms" },
      'has key ""; expected a tag key of 1 to 128 characters, but it has 0.',
    ],
    [
      "a key of 129 characters",
      { ["k".repeat(129)]: "forms" },
      `has key "${"k".repeat(129)}"; expected a tag key of 1 to 128 characters, but it has 129.`,
    ],
    [
      "a key the stacks set themselves",
      { Stage: "prod" },
      'has key "Stage"; expected a tag key other than project, stage, managed-by, which every stack sets itself.',
    ],
    [
      "48 tags",
      manyTags(48),
      "has 48 tags; expected at most 47, because AWS allows 50 tags per resource and every stack adds project, stage and managed-by.",
    ],
  ])("rejects %s", (_, tags, message) => {
    expect(() =>
      parseStageConfig(withChange((raw) => (raw.tags = tags))),
    ).toThrow(`${STAGING}field "tags" ${message}`);
  });

  it("rejects a value with a character AWS rejects", () => {
    expect(() =>
      parseStageConfig(withChange((raw) => (raw.tags = { owner: "forms!" }))),
    ).toThrow(
      `${STAGING}field "tags.owner" has value "forms!"; expected a tag value of letters, digits, spaces and the characters _ . : / = + - @.`,
    );
  });

  it("rejects a value with the aws: prefix", () => {
    expect(() =>
      parseStageConfig(
        withChange((raw) => (raw.tags = { owner: "AWS:forms" })),
      ),
    ).toThrow(
      `${STAGING}field "tags.owner" has value "AWS:forms"; expected a tag value that does not start with "aws:", which AWS reserves for its own tags.`,
    );
  });

  it("rejects a value of 257 characters", () => {
    const value = "v".repeat(257);
    expect(() =>
      parseStageConfig(withChange((raw) => (raw.tags = { owner: value }))),
    ).toThrow(
      `${STAGING}field "tags.owner" has value "${value}"; expected a tag value of at most 256 characters.`,
    );
  });
});

describe("parseStageConfig state bucket", () => {
  it.each(["forms-state", "forms.state.example", "a1b", "x".repeat(63)])(
    "accepts %s",
    (bucket) => {
      const config = parseStageConfig(
        withChange((raw) => (raw.stateBucket = bucket)),
      );
      expect(config.stateBucket).toBe(bucket);
    },
  );

  it.each([
    [
      "a name of 64 characters",
      "x".repeat(64),
      "expected an S3 bucket name of 3 to 63 lowercase letters, digits, dots and hyphens",
    ],
    [
      "a name ending in a hyphen",
      "forms-state-",
      "expected an S3 bucket name of 3 to 63 lowercase letters, digits, dots and hyphens",
    ],
    [
      "two adjacent dots",
      "forms..state",
      "expected an S3 bucket name without two adjacent dots",
    ],
    [
      "an IP address",
      "192.168.5.4",
      "expected an S3 bucket name that is not formatted as an IP address",
    ],
    [
      "the prefix xn--",
      "xn--forms",
      'expected an S3 bucket name that does not start with "xn--", which S3 reserves',
    ],
    [
      "the prefix sthree-",
      "sthree-forms",
      'expected an S3 bucket name that does not start with "sthree-", which S3 reserves',
    ],
    [
      "the prefix amzn-s3-demo-",
      "amzn-s3-demo-forms",
      'expected an S3 bucket name that does not start with "amzn-s3-demo-", which S3 reserves',
    ],
    [
      "the suffix -s3alias",
      "forms-s3alias",
      'expected an S3 bucket name that does not end with "-s3alias", which S3 reserves',
    ],
    [
      "the suffix --ol-s3",
      "forms--ol-s3",
      'expected an S3 bucket name that does not end with "--ol-s3", which S3 reserves',
    ],
    [
      "the suffix .mrap",
      "forms.mrap",
      'expected an S3 bucket name that does not end with ".mrap", which S3 reserves',
    ],
    [
      "the suffix --x-s3",
      "forms--x-s3",
      'expected an S3 bucket name that does not end with "--x-s3", which S3 reserves',
    ],
    [
      "the suffix --table-s3",
      "forms--table-s3",
      'expected an S3 bucket name that does not end with "--table-s3", which S3 reserves',
    ],
  ])("rejects %s", (_, bucket, reason) => {
    expect(() =>
      parseStageConfig(withChange((raw) => (raw.stateBucket = bucket))),
    ).toThrow(
      `${STAGING}field "stateBucket" has value "${bucket}"; ${reason}.`,
    );
  });
});

describe("parseStageConfig deploy role and Region", () => {
  const role = "arn:aws:iam::111111111111:role/forms-deploy";

  it("accepts a deploy role in the stage's account", () => {
    const config = parseStageConfig(
      withChange((raw) => (raw.deployRoleArn = role)),
    );
    expect(config.deployRoleArn).toBe(role);
  });

  it("rejects a deploy role in another account", () => {
    const other = "arn:aws:iam::222222222222:role/forms-deploy";
    expect(() =>
      parseStageConfig(withChange((raw) => (raw.deployRoleArn = other))),
    ).toThrow(
      `${STAGING}field "deployRoleArn" has value "${other}"; expected a role in account 111111111111, the value of "accountId", because the AWS provider accepts credentials of that account only.`,
    );
  });

  it("rejects a deploy role in another partition", () => {
    const china = "arn:aws-cn:iam::111111111111:role/forms-deploy";
    expect(() =>
      parseStageConfig(withChange((raw) => (raw.deployRoleArn = china))),
    ).toThrow(
      `${STAGING}field "deployRoleArn" has value "${china}"; expected an IAM role ARN such as arn:aws:iam::123456789012:role/deploy.`,
    );
  });

  it.each(["us-east-1", "eu-central-2", "ap-southeast-1", "il-central-1"])(
    "accepts the commercial Region %s",
    (region) => {
      const config = parseStageConfig(
        withChange((raw) => (raw.region = region)),
      );
      expect(config.region).toBe(region);
    },
  );

  it.each(["us-gov-west-1", "cn-north-1", "us-iso-east-1", "us-isob-east-1"])(
    "rejects the Region %s of another partition",
    (region) => {
      expect(() =>
        parseStageConfig(withChange((raw) => (raw.region = region))),
      ).toThrow(
        `${STAGING}field "region" has value "${region}"; expected a Region of the standard aws partition such as eu-west-1, because the stacks build every ARN with partition "aws" and do not support other partitions such as aws-us-gov, aws-cn or aws-iso.`,
      );
    },
  );
});

describe("parseSharedConfig", () => {
  it("accepts the shared settings", () => {
    expect(parseSharedConfig(SHARED_SETTINGS).stage).toBe("shared");
  });

  it("rejects a deploy role in another account", () => {
    const other = "arn:aws:iam::222222222222:role/forms-deploy";
    expect(() =>
      parseSharedConfig({ ...SHARED_SETTINGS, deployRoleArn: other }),
    ).toThrow(
      `Invalid settings for stage "shared": field "deployRoleArn" has value "${other}"; expected a role in account 111111111111, the value of "accountId", because the AWS provider accepts credentials of that account only.`,
    );
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

  it("rejects a stage named like the shared stack", () => {
    const renamed = [{ ...stages[0], stage: "shared" }];
    expect(() => checkStagesMatchShared(shared, renamed)).toThrow(
      'Invalid settings for stage "shared": field "stage" has value "shared", which is the id of the shared stack; give the stage another name.',
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
