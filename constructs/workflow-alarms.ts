import { Construct } from "constructs";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { requireMatch } from "./validation";

/** Properties of WorkflowAlarms. */
export interface WorkflowAlarmsProps {
  /** Name of the SNS topic the alarms notify. */
  readonly topicName: string;
  /** Address subscribed to the topic. @default - no subscription; subscribe later */
  readonly alarmEmail?: string;
  /** Unqualified ARN of the state machine. */
  readonly stateMachineArn: string;
  /** Name of the state machine, the base of the alarm names. */
  readonly stateMachineName: string;
  /** Name of the schedule's dead-letter queue. */
  readonly deadLetterQueueName: string;
  /** Name of the Firehose stream. */
  readonly deliveryStreamName: string;
}

/**
 * Alarms on what needs a person: failed, timed-out or aborted runs, schedule starts in the
 * dead-letter queue, and records that Firehose could not write to the table or delivers late.
 */
export class WorkflowAlarms extends Construct {
  /** The topic the alarms notify. */
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: WorkflowAlarmsProps) {
    super(scope, id);
    requireMatch(
      "topicName",
      props.topicName,
      /^[a-zA-Z0-9_-]{1,256}$/,
      "1 to 256 letters, digits, hyphens or underscores",
    );
    if (props.alarmEmail !== undefined) {
      requireMatch(
        "alarmEmail",
        props.alarmEmail,
        /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
        "an email address",
      );
    }
    this.topic = new SnsTopic(this, "topic", { name: props.topicName });
    if (props.alarmEmail) {
      new SnsTopicSubscription(this, "email", {
        topicArn: this.topic.arn,
        protocol: "email",
        endpoint: props.alarmEmail,
      });
    }

    const alarms: {
      id: string;
      description: string;
      namespace: string;
      metricName: string;
      dimensions: Record<string, string>;
      statistic?: "Sum" | "Maximum";
      threshold?: number;
    }[] = [
      {
        id: "executions-failed",
        description: "A run of the state machine failed",
        namespace: "AWS/States",
        metricName: "ExecutionsFailed",
        dimensions: { StateMachineArn: props.stateMachineArn },
      },
      {
        id: "executions-timed-out",
        description: "A run of the state machine timed out",
        namespace: "AWS/States",
        metricName: "ExecutionsTimedOut",
        dimensions: { StateMachineArn: props.stateMachineArn },
      },
      {
        id: "executions-aborted",
        description:
          "A run of the state machine was stopped before it finished",
        namespace: "AWS/States",
        metricName: "ExecutionsAborted",
        dimensions: { StateMachineArn: props.stateMachineArn },
      },
      {
        id: "schedule-dead-letters",
        description:
          "The schedule could not start a run; the start is in the dead-letter queue",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: props.deadLetterQueueName },
        statistic: "Maximum",
      },
      {
        id: "table-delivery-failed",
        description:
          "Firehose could not write records to the table; they are in the error prefix",
        namespace: "AWS/Firehose",
        // Firehose developer guide, monitoring metrics for Apache Iceberg destinations.
        metricName: "DeliveryToIceberg.FailedRowCount",
        dimensions: { DeliveryStreamName: props.deliveryStreamName },
      },
      {
        id: "table-delivery-late",
        description:
          "The oldest record waiting in Firehose is older than the longest buffer interval (900 s)",
        namespace: "AWS/Firehose",
        metricName: "DeliveryToIceberg.DataFreshness",
        dimensions: { DeliveryStreamName: props.deliveryStreamName },
        statistic: "Maximum",
        threshold: 900,
      },
    ];
    for (const alarm of alarms) {
      new CloudwatchMetricAlarm(this, alarm.id, {
        alarmName: `${props.stateMachineName}-${alarm.id}`,
        alarmDescription: alarm.description,
        namespace: alarm.namespace,
        metricName: alarm.metricName,
        dimensions: alarm.dimensions,
        statistic: alarm.statistic ?? "Sum",
        period: 300,
        evaluationPeriods: 1,
        threshold: alarm.threshold ?? 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [this.topic.arn],
      });
    }
  }
}
