import { Construct } from "constructs";
import {
  Aspects,
  dependable,
  ITerraformDependable,
  TerraformOutput,
  TerraformResource,
} from "cdktf";
import { IcebergDeliveryStream } from "../constructs/delivery-stream";
import { FormsTable } from "../constructs/forms-table";
import { FormsWorkflow } from "../constructs/forms-workflow";
import { WorkflowSchedule } from "../constructs/form-schedule";
import {
  PermissionsBoundaryAspect,
  workloadBoundaryArn,
} from "../constructs/permissions-boundary";
import { SecureBucket } from "../constructs/secure-bucket";
import { WorkflowAlarms } from "../constructs/workflow-alarms";
import { FORM_COLUMNS } from "./forms-columns";
import { arn, StageNames, stageNames } from "./names";
import { ProjectStack } from "./project-stack";
import { PROJECT, StageConfig } from "./stage-config";

/** The ASL file the state machine of every stage runs. */
export const DEFINITION_FILE = "extract-customer-forms.v1.asl.json";

/** Key prefixes in the review bucket. */
export const REVIEW_PREFIXES = {
  review: "review/",
  processed: "processed/",
  mapResults: "map-results/",
  deliveryErrors: "delivery-errors/",
} as const;

/** One stage of the pipeline: buckets, table, stream, state machine and schedule. */
export class StageStack extends ProjectStack {
  readonly names: StageNames;
  readonly inputBucket: SecureBucket;
  readonly reviewBucket: SecureBucket;
  readonly table: FormsTable;
  readonly deliveryStream: IcebergDeliveryStream;
  readonly workflow: FormsWorkflow;
  readonly schedule: WorkflowSchedule;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id, config);
    this.names = stageNames(config.stage, this.place);
    const { preventDestroy } = config;

    this.inputBucket = new SecureBucket(this, "input-bucket", {
      bucketName: this.names.inputBucket,
      versioned: true,
      preventDestroy,
      lifecycleRules: [
        {
          id: "expire-noncurrent-versions",
          noncurrentVersionsExpireAfterDays: 30,
        },
        { id: "abort-incomplete-uploads", abortIncompleteUploadsAfterDays: 7 },
      ],
    });
    this.reviewBucket = new SecureBucket(this, "review-bucket", {
      bucketName: this.names.reviewBucket,
      versioned: true,
      preventDestroy,
      lifecycleRules: [
        {
          id: "expire-processed-forms",
          prefix: REVIEW_PREFIXES.processed,
          expireAfterDays: 365,
        },
        {
          id: "expire-map-results",
          prefix: REVIEW_PREFIXES.mapResults,
          expireAfterDays: 90,
        },
        {
          id: "expire-delivery-errors",
          prefix: REVIEW_PREFIXES.deliveryErrors,
          expireAfterDays: 90,
        },
        {
          id: "expire-noncurrent-versions",
          noncurrentVersionsExpireAfterDays: 30,
        },
        { id: "abort-incomplete-uploads", abortIncompleteUploadsAfterDays: 7 },
      ],
    });

    this.table = new FormsTable(this, "table", {
      place: this.place,
      tableBucketName: this.names.tableBucket,
      namespace: this.names.namespace,
      tableName: this.names.table,
      columns: FORM_COLUMNS,
      preventDestroy,
    });

    this.deliveryStream = new IcebergDeliveryStream(this, "delivery-stream", {
      place: this.place,
      streamName: this.names.deliveryStream,
      tableBucketName: this.names.tableBucket,
      namespace: this.names.namespace,
      tableName: this.names.table,
      errorBucketName: this.names.reviewBucket,
      errorPrefix: REVIEW_PREFIXES.deliveryErrors,
      bufferingSizeMb: config.firehoseBuffering.sizeMb,
      bufferingIntervalSeconds: config.firehoseBuffering.intervalSeconds,
      logRetentionDays: config.logRetentionDays,
      // A form is identified by its object key and ETag, so a record delivered twice (a
      // retried batch, a re-run) replaces its row instead of doubling it.
      uniqueKeys: ["source_key", "source_etag"],
    });
    // The stream commits to the table, so the table's stack must exist first.
    addDependsOn(this.deliveryStream.stream, this.table.tableStack);

    this.workflow = new FormsWorkflow(this, "workflow", {
      place: this.place,
      stateMachineName: this.names.stateMachine,
      aliasName: this.names.stateMachineAlias,
      definitionFile: DEFINITION_FILE,
      placeholders: workflowPlaceholders(config, this.names),
      logRetentionDays: config.logRetentionDays,
      logLevel: config.executionLogging.level,
      logExecutionData: config.executionLogging.includeExecutionData,
    });

    this.schedule = new WorkflowSchedule(this, "schedule", {
      place: this.place,
      groupName: this.names.scheduleGroup,
      scheduleName: this.names.schedule,
      expression: config.schedule.expression,
      timeZone: config.schedule.timeZone,
      stateMachineArn: this.workflow.stateMachineArn,
      aliasName: this.names.stateMachineAlias,
      deadLetterQueueName: this.names.deadLetterQueue,
    });
    addDependsOn(this.schedule.schedule, this.workflow.alias);

    new WorkflowAlarms(this, "alarms", {
      topicName: `${this.names.prefix}-alarms`,
      alarmEmail: config.alarmEmail,
      stateMachineArn: this.workflow.stateMachineArn,
      stateMachineName: this.names.stateMachine,
      deadLetterQueueName: this.names.deadLetterQueue,
      deliveryStreamName: this.names.deliveryStream,
    });

    // Every workload role carries the boundary the stage's deploy role must keep on it.
    Aspects.of(this).add(
      new PermissionsBoundaryAspect(
        workloadBoundaryArn(config.accountId, PROJECT),
      ),
    );

    this.addOutputs(config);
  }

  private addOutputs(config: StageConfig): void {
    const outputs: Record<string, string> = {
      "input-bucket": this.names.inputBucket,
      "input-prefix": config.inputPrefix,
      "review-bucket": this.names.reviewBucket,
      "state-machine-alias-arn": this.workflow.aliasArn,
      "athena-table": `"s3tablescatalog/${this.names.tableBucket}"."${this.names.namespace}"."${this.names.table}"`,
    };
    for (const [id, value] of Object.entries(outputs)) {
      new TerraformOutput(this, id.replace(/-/g, "_"), { value });
    }
  }
}

/**
 * Values of the ASL placeholders for one stage. The stage's account and Region come from
 * `config`, as the stack's own place does.
 */
export function workflowPlaceholders(
  config: StageConfig,
  names: StageNames,
): Record<string, string | number> {
  const place = { accountId: config.accountId, region: config.region };
  return {
    // Unqualified: ListExecutions then lists every execution of the state machine, and
    // with an alias or version ARN only that one's (Step Functions API reference).
    StateMachineArn: arn.stateMachine(place, names.stateMachine),
    InputBucket: names.inputBucket,
    InputPrefix: config.inputPrefix,
    ReviewBucket: names.reviewBucket,
    ResultsPrefix: REVIEW_PREFIXES.mapResults,
    DeliveryStreamName: names.deliveryStream,
    MaxConcurrency: config.distributedMap.maxConcurrency,
    MaxItemsPerBatch: config.distributedMap.batchSize,
    ToleratedFailurePercentage:
      config.distributedMap.toleratedFailurePercentage,
    MinConfidence: config.minConfidence,
    ProcessedPrefix: REVIEW_PREFIXES.processed,
    ReviewPrefix: REVIEW_PREFIXES.review,
    // Synchronous Textract accepts documents of up to 10 MB (Textract developer guide,
    // set quotas). 10,000,000 bytes is the smaller reading of "10 MB".
    MaxDocumentBytes: 10_000_000,
  };
}

// node.addDependency writes no depends_on in cdktf 0.21, so the dependency goes there.
function addDependsOn(
  resource: TerraformResource,
  dependency: ITerraformDependable,
): void {
  resource.dependsOn = [...(resource.dependsOn ?? []), dependable(dependency)];
}
