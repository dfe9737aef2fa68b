import { PROJECT } from "./stage-config";

/** Account and Region a stack deploys into: enough to build every ARN it refers to. */
export interface Place {
  readonly accountId: string;
  readonly region: string;
}

/**
 * Names of one stage's resources. Each starts with the project and the stage so that
 * staging and prod never collide, even in one account; global S3 bucket names also carry
 * the account and Region.
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

/** Builds the resource names of one stage. */
export function stageNames(stage: string, place: Place): StageNames {
  const prefix = `${PROJECT}-${stage}`;
  const suffix = `${place.accountId}-${place.region}`;
  return {
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
