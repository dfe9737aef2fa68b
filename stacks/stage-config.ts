import { z } from "zod";
import {
  checkTags,
  findBucketNameProblem,
  findScheduleProblem,
  findTagValueProblem,
  findTimeZoneProblem,
} from "./setting-values";

/** Name of the project: the first part of every resource name and the `project` tag. */
export const PROJECT = "forms-to-tables";

/** Retention periods, in days, that CloudWatch Logs accepts for a log group (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
  2192, 2557, 2922, 3288, 3653,
] as const;

const accountId = z
  .string()
  .regex(/^\d{12}$/, { message: "expected a 12-digit AWS account ID" });

// Other partitions (aws-us-gov, aws-cn, the ISO partitions, aws-eusc) are matched first so
// that their Regions get their own message instead of the format one.
const OTHER_PARTITION_REGION = /^(us-gov-|cn-|eusc-)|-iso[a-z]?-/;

const region = z
  .string()
  .refine((name) => !OTHER_PARTITION_REGION.test(name), {
    message:
      'expected a Region of the standard aws partition such as eu-west-1, because the stacks build every ARN with partition "aws" and do not support other partitions such as aws-us-gov, aws-cn or aws-iso',
  })
  .regex(/^[a-z]{2}-[a-z]+-\d$/, {
    message: "expected an AWS Region code such as eu-west-1",
  });

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

const roleArn = z.string().regex(ROLE_ARN, {
  message:
    "expected an IAM role ARN such as arn:aws:iam::123456789012:role/deploy",
});

const bucketName = checkedString(findBucketNameProblem);

const keyPrefix = z
  .string()
  .regex(/^[a-zA-Z0-9!_.*'()-]+(\/[a-zA-Z0-9!_.*'()-]+)*$/, {
    message:
      "expected a key prefix of path segments separated by '/', without a leading or trailing '/'",
  });

// A folder-style prefix: a plain string match in S3, so it must end in '/' to keep
// `incoming` from also matching `incoming-old/` (Step Functions ItemReader docs).
const folderPrefix = z.string().regex(/^([a-zA-Z0-9!_.*'()-]+\/)+$/, {
  message:
    "expected a folder prefix such as incoming/ that ends in '/' and has no leading '/'",
});

const scheduleExpression = checkedString(findScheduleProblem);

const timeZone = checkedString(findTimeZoneProblem);

const percentage = z
  .number()
  .min(0, { message: "expected a number from 0 to 100" })
  .max(100, { message: "expected a number from 0 to 100" });

// AWS tag restrictions (as the AWS Batch User Guide lists them): keys of 1 to 128 and
// values of 0 to 256 characters, each of letters, digits and spaces of any script and
// _ . : / = + - @, and neither may start with "aws:" in any case.

const tagValue = checkedString(findTagValueProblem);

const tags = z.record(z.string(), tagValue).superRefine(checkTags);

const githubRepository = z.string().regex(/^[\w.-]+\/[\w.-]+$/, {
  message: "expected a GitHub repository as owner/name",
});

const githubEnvironment = z.string().regex(/^[\w.-]{1,255}$/, {
  message: "expected a GitHub environment name",
});

const wholeNumber = (min: number, max: number) =>
  z
    .number()
    .int({ message: `expected a whole number from ${min} to ${max}` })
    .min(min, { message: `expected a whole number from ${min} to ${max}` })
    .max(max, { message: `expected a whole number from ${min} to ${max}` });

/** Settings every stack needs: where it deploys and where its state lives. */
const deploymentFields = {
  accountId,
  region,
  deployRoleArn: roleArn.optional(),
  stateBucket: bucketName,
  stateKeyPrefix: keyPrefix,
  tags: tags.default({}),
};

const sharedConfigSchema = z.strictObject({
  stage: z.literal("shared", { message: 'expected "shared"' }),
  ...deploymentFields,
  githubEnvironment,
  github: z.strictObject({
    repository: githubRepository,
    branch: z
      .string()
      .regex(/^[\w./-]+$/, { message: "expected a branch name" }),
  }),
});

const stageConfigSchema = z.strictObject({
  stage: z.string().regex(/^[a-z][a-z0-9]{1,11}$/, {
    message:
      "expected 2 to 12 lowercase letters and digits, starting with a letter",
  }),
  ...deploymentFields,
  githubEnvironment,
  schedule: z.strictObject({
    expression: scheduleExpression,
    timeZone,
  }),
  inputPrefix: folderPrefix,
  distributedMap: z.strictObject({
    // 10,000 parallel child executions is the hard Distributed Map quota.
    maxConcurrency: wholeNumber(1, 10000),
    // At most 500 records per Firehose PutRecordBatch call, one record per form.
    batchSize: wholeNumber(1, 500),
    toleratedFailurePercentage: percentage,
  }),
  minConfidence: percentage,
  logRetentionDays: z.union(
    LOG_RETENTION_DAYS.map((days) => z.literal(days)),
    { message: `expected one of ${LOG_RETENTION_DAYS.join(", ")}` },
  ),
  firehoseBuffering: z.strictObject({
    // Iceberg destination limits: 1 to 128 MiB and 0 to 900 seconds (Firehose API reference).
    sizeMb: wholeNumber(1, 128),
    intervalSeconds: wholeNumber(0, 900),
  }),
  // Deletion protection and execution logging, set per stage instead of by stage name.
  preventDestroy: z.boolean({ message: "expected true or false" }),
  executionLogging: z.strictObject({
    level: z.enum(["ALL", "ERROR", "FATAL"], {
      message: 'expected "ALL", "ERROR" or "FATAL"',
    }),
    includeExecutionData: z.boolean({ message: "expected true or false" }),
  }),
  alarmEmail: z.email({ message: "expected an email address" }).optional(),
});

/** Settings of the shared stack: one per account and Region. */
export type SharedConfig = z.output<typeof sharedConfigSchema>;

/** Settings of one stage (staging, prod). */
export type StageConfig = z.output<typeof stageConfigSchema>;

/** Raw settings as written in the stage table, before defaults are applied. */
export type StageConfigInput = z.input<typeof stageConfigSchema>;
export type SharedConfigInput = z.input<typeof sharedConfigSchema>;

/**
 * Parses and checks the settings of one stage.
 * Throws an Error naming the stage, the field, the rejected value and what is allowed.
 */
export function parseStageConfig(raw: unknown): StageConfig {
  return parseWith(stageConfigSchema.superRefine(checkDeployRoleAccount), raw);
}

/** Parses and checks the settings of the shared stack. */
export function parseSharedConfig(raw: unknown): SharedConfig {
  return parseWith(sharedConfigSchema.superRefine(checkDeployRoleAccount), raw);
}

/**
 * Checks that every stage has a stack id of its own and deploys into the account and
 * Region of the shared stack, which contains the S3 Tables integration and the CI
 * identities those stages rely on.
 */
export function checkStagesMatchShared(
  shared: SharedConfig,
  stages: readonly StageConfig[],
): void {
  const names = new Set<string>();
  for (const stage of stages) {
    // The stage name is the stack id, and cdktf rejects two stacks with one id.
    if (stage.stage === shared.stage) {
      throw new Error(
        `Invalid settings for stage "${stage.stage}": field "stage" has value "${stage.stage}", which is the id of the shared stack; give the stage another name.`,
      );
    }
    if (names.has(stage.stage)) {
      throw new Error(
        `Invalid settings for stage "${stage.stage}": field "stage" has value "${stage.stage}", which another stage already uses; give each stage a unique name.`,
      );
    }
    names.add(stage.stage);
    for (const field of ["accountId", "region"] as const) {
      if (stage[field] !== shared[field]) {
        throw new Error(
          `Invalid settings for stage "${stage.stage}": field "${field}" has value "${stage[field]}", but the shared stack uses "${shared[field]}"; deploy every stage into the shared stack's account and Region, or add a shared stack for the other one.`,
        );
      }
    }
  }
}

function parseWith<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) {
    return result.data;
  }

  const issue = result.error.issues[0];
  const field = issue.path.map(String).join(".") || "(settings)";
  const value =
    issue.code === "unrecognized_keys" ? undefined : valueAt(raw, issue.path);
  const stage = stageNameOf(raw);

  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) => `"${key}"`).join(", ");
    const where = issue.path.length > 0 ? ` in "${field}"` : "";
    throw new Error(
      `Invalid settings for stage "${stage}": unknown field ${keys}${where}; remove it or correct its spelling.`,
    );
  }

  // A check that describes what it found itself, such as a tag key, passes it in `found`.
  const found = issue.code === "custom" ? issue.params?.found : undefined;
  if (typeof found === "string") {
    throw new Error(
      `Invalid settings for stage "${stage}": field "${field}" has ${found}; ${issue.message}.`,
    );
  }

  if (value === undefined) {
    throw new Error(
      `Invalid settings for stage "${stage}": field "${field}" is missing; add it to the stage's entry in stacks/settings.ts.`,
    );
  }
  throw new Error(
    `Invalid settings for stage "${stage}": field "${field}" has value ${JSON.stringify(value)}; ${issue.message}.`,
  );
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const key of path) {
    if (current === null || typeof current !== "object") {
      return undefined;
    }
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function stageNameOf(raw: unknown): string {
  const stage = valueAt(raw, ["stage"]);
  return typeof stage === "string" ? stage : "(unnamed)";
}

/** A string schema that rejects a value when `findProblem` returns a message for it. */
function checkedString(findProblem: (value: string) => string | undefined) {
  return z.string().superRefine((value, ctx) => {
    const problem = findProblem(value);
    if (problem !== undefined) {
      ctx.addIssue({ code: "custom", message: problem });
    }
  });
}

// Terraform assumes the deploy role, and the AWS provider then rejects credentials of any
// account other than `accountId` (allowed_account_ids), so the plan would fail.
function checkDeployRoleAccount(
  config: { readonly accountId: string; readonly deployRoleArn?: string },
  ctx: z.RefinementCtx,
): void {
  const roleAccount = ROLE_ARN.exec(config.deployRoleArn ?? "")?.[1];
  if (roleAccount !== undefined && roleAccount !== config.accountId) {
    ctx.addIssue({
      code: "custom",
      path: ["deployRoleArn"],
      message: `expected a role in account ${config.accountId}, the value of "accountId", because the AWS provider accepts credentials of that account only`,
    });
  }
}
