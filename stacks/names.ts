import { PROJECT } from "./stage-config";

/** Account and Region a stack deploys into: enough to build every ARN it refers to. */
export interface Place {
  readonly accountId: string;
  readonly region: string;
}

/**
 * Names of one stage's resources. Each starts with the project and the stage, so staging
 * and prod never collide, even in one account. Global S3 bucket names also carry the
 * account and Region.
 */
export interface StageNames {
  readonly prefix: string;
  readonly inputBucket: string;
  readonly reviewBucket: string;
  readonly tableBucket: string;
  readonly namespace: string;
  readonly table: string;
  readonly deliveryStream: string;
  readonly stateMachine: string;
  readonly stateMachineAlias: string;
  readonly scheduleGroup: string;
  readonly schedule: string;
  readonly deadLetterQueue: string;
}

/**
 * Builds the resource names of one stage and checks them with checkStageNames.
 * Throws an Error naming the stage when a name is longer than AWS allows.
 */
export function stageNames(stage: string, place: Place): StageNames {
  const prefix = `${PROJECT}-${stage}`;
  const suffix = `${place.accountId}-${place.region}`;
  const names: StageNames = {
    prefix,
    inputBucket: `${prefix}-input-${suffix}`,
    reviewBucket: `${prefix}-review-${suffix}`,
    tableBucket: prefix,
    namespace: "customer_forms",
    table: "customers",
    deliveryStream: `${prefix}-records`,
    stateMachine: `${prefix}-extract-forms`,
    stateMachineAlias: "live",
    scheduleGroup: prefix,
    schedule: `${prefix}-extract-forms`,
    deadLetterQueue: `${prefix}-schedule-dlq`,
  };
  checkStageNames(stage, names);
  return names;
}

/** A name derived from the stage name and the AWS limit on its length. */
interface NameLimit {
  readonly resource: string;
  readonly nameOf: (names: StageNames) => string;
  readonly maxLength: number;
  readonly kind: string;
}

// The constructs name their IAM roles `<state machine>-sfn`, `<stream>-firehose` and
// `<schedule>-scheduler`, so the limit applies to those role names.
const NAME_LIMITS: readonly NameLimit[] = [
  {
    resource: "input bucket",
    nameOf: (names) => names.inputBucket,
    maxLength: 63,
    kind: "S3 bucket names",
  },
  {
    resource: "review bucket",
    nameOf: (names) => names.reviewBucket,
    maxLength: 63,
    kind: "S3 bucket names",
  },
  {
    resource: "table bucket",
    nameOf: (names) => names.tableBucket,
    maxLength: 63,
    kind: "S3 table bucket names",
  },
  {
    resource: "state machine role",
    nameOf: (names) => `${names.stateMachine}-sfn`,
    maxLength: 64,
    kind: "IAM role names",
  },
  {
    resource: "delivery stream role",
    nameOf: (names) => `${names.deliveryStream}-firehose`,
    maxLength: 64,
    kind: "IAM role names",
  },
  {
    resource: "schedule role",
    nameOf: (names) => `${names.schedule}-scheduler`,
    maxLength: 64,
    kind: "IAM role names",
  },
  {
    resource: "dead-letter queue",
    nameOf: (names) => names.deadLetterQueue,
    maxLength: 80,
    kind: "SQS queue names",
  },
  {
    resource: "schedule group",
    nameOf: (names) => names.scheduleGroup,
    maxLength: 64,
    kind: "EventBridge Scheduler schedule group names",
  },
];

/**
 * Checks that every name derived from the stage name fits its AWS length limit.
 * Throws an Error naming the stage, the name, its length and how much to shorten the
 * stage name.
 */
export function checkStageNames(stage: string, names: StageNames): void {
  for (const limit of NAME_LIMITS) {
    const name = limit.nameOf(names);
    const excess = name.length - limit.maxLength;
    if (excess > 0) {
      const characters = excess === 1 ? "character" : "characters";
      throw new Error(
        `Invalid settings for stage "${stage}": the ${limit.resource} name "${name}" has ${name.length} characters, but ${limit.kind} allow at most ${limit.maxLength}; shorten the stage name by ${excess} ${characters}.`,
      );
    }
  }
}

/** Builds ARNs in the standard `aws` partition. */
export const arn = {
  s3Bucket: (bucket: string) => `arn:aws:s3:::${bucket}`,
  s3Objects: (bucket: string, keyPattern: string) =>
    `arn:aws:s3:::${bucket}/${keyPattern}`,
  iamRole: (place: Place, name: string) =>
    `arn:aws:iam::${place.accountId}:role/${name}`,
  stateMachine: (place: Place, name: string) =>
    `arn:aws:states:${place.region}:${place.accountId}:stateMachine:${name}`,
  execution: (place: Place, stateMachine: string, id: string) =>
    `arn:aws:states:${place.region}:${place.accountId}:execution:${stateMachine}${id}`,
  deliveryStream: (place: Place, name: string) =>
    `arn:aws:firehose:${place.region}:${place.accountId}:deliverystream/${name}`,
  logGroup: (place: Place, name: string) =>
    `arn:aws:logs:${place.region}:${place.accountId}:log-group:${name}`,
  tableBucket: (place: Place, name: string) =>
    `arn:aws:s3tables:${place.region}:${place.accountId}:bucket/${name}`,
  glue: (place: Place, resource: string) =>
    `arn:aws:glue:${place.region}:${place.accountId}:${resource}`,
  scheduleGroup: (place: Place, name: string) =>
    `arn:aws:scheduler:${place.region}:${place.accountId}:schedule-group/${name}`,
  sqsQueue: (place: Place, name: string) =>
    `arn:aws:sqs:${place.region}:${place.accountId}:${name}`,
};
