import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { Construct } from "constructs";
import {
  WorkflowAlarms,
  WorkflowAlarmsProps,
} from "../../constructs/workflow-alarms";
import { referenceTo, synthConstructs } from "../support/construct-synth";
import { resourcesOf } from "../support/synth";

const STATE_MACHINE_ARN =
  "arn:aws:states:eu-central-1:123456789012:stateMachine:forms-extract";

const PROPS: WorkflowAlarmsProps = {
  topicName: "forms-alarms",
  stateMachineArn: STATE_MACHINE_ARN,
  stateMachineName: "forms-extract",
  deadLetterQueueName: "forms-schedule-dlq",
  deliveryStreamName: "forms-records",
};

function build(props: Partial<WorkflowAlarmsProps> = {}) {
  return (scope: Construct) => {
    new WorkflowAlarms(scope, "alarms", { ...PROPS, ...props });
  };
}

function alarmNamed(name: string) {
  const { stack } = synthConstructs(build());
  const alarm = Object.values(
    resourcesOf(stack, "aws_cloudwatch_metric_alarm"),
  ).find((item) => item.alarm_name === name);
  if (!alarm) {
    throw new Error(`No alarm named "${name}".`);
  }
  return { stack, alarm };
}

describe("WorkflowAlarms", () => {
  it("creates the topic", () => {
    const { text } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(SnsTopic, {
      name: "forms-alarms",
    });
  });

  it("subscribes the alarm email to the topic", () => {
    const { text, stack } = synthConstructs(
      build({ alarmEmail: "ops@example.com" }),
    );
    expect(text).toHaveResourceWithProperties(SnsTopicSubscription, {
      topic_arn: referenceTo(stack, "aws_sns_topic", "arn"),
      protocol: "email",
      endpoint: "ops@example.com",
    });
  });

  it("subscribes no one without an alarm email", () => {
    const { stack } = synthConstructs(build());
    expect(resourcesOf(stack, "aws_sns_topic_subscription")).toEqual({});
  });

  it("creates six alarms named after the state machine", () => {
    const { stack } = synthConstructs(build());
    const names = Object.values(
      resourcesOf(stack, "aws_cloudwatch_metric_alarm"),
    ).map((alarm) => alarm.alarm_name);
    expect(names.sort()).toEqual([
      "forms-extract-executions-aborted",
      "forms-extract-executions-failed",
      "forms-extract-executions-timed-out",
      "forms-extract-schedule-dead-letters",
      "forms-extract-table-delivery-failed",
      "forms-extract-table-delivery-late",
    ]);
  });

  it("alarms on the first event and notifies the topic", () => {
    const { stack } = synthConstructs(build());
    const topicArn = referenceTo(stack, "aws_sns_topic", "arn");
    const alarms = Object.values(
      resourcesOf(stack, "aws_cloudwatch_metric_alarm"),
    );
    for (const alarm of alarms.filter(
      (a) => a.metric_name !== "DeliveryToIceberg.DataFreshness",
    )) {
      expect(alarm).toMatchObject({
        period: 300,
        evaluation_periods: 1,
        threshold: 0,
        comparison_operator: "GreaterThanThreshold",
        treat_missing_data: "notBreaching",
        alarm_actions: [topicArn],
      });
    }
  });

  it("alarms when the oldest waiting record is older than 900 seconds", () => {
    const { alarm } = alarmNamed("forms-extract-table-delivery-late");
    expect(alarm).toMatchObject({
      namespace: "AWS/Firehose",
      metric_name: "DeliveryToIceberg.DataFreshness",
      statistic: "Maximum",
      threshold: 900,
      dimensions: { DeliveryStreamName: "forms-records" },
    });
  });

  it.each([
    ["executions-failed", "ExecutionsFailed"],
    ["executions-timed-out", "ExecutionsTimedOut"],
    ["executions-aborted", "ExecutionsAborted"],
  ])("sums %s for the state machine", (id, metricName) => {
    const { text } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: `forms-extract-${id}`,
      namespace: "AWS/States",
      metric_name: metricName,
      statistic: "Sum",
      dimensions: { StateMachineArn: STATE_MACHINE_ARN },
    });
  });

  it("takes the maximum of visible dead-letter messages", () => {
    const { alarm } = alarmNamed("forms-extract-schedule-dead-letters");
    expect(alarm).toMatchObject({
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      statistic: "Maximum",
      dimensions: { QueueName: "forms-schedule-dlq" },
    });
  });

  it("sums failed Iceberg deliveries of the stream", () => {
    const { alarm } = alarmNamed("forms-extract-table-delivery-failed");
    expect(alarm).toMatchObject({
      namespace: "AWS/Firehose",
      statistic: "Sum",
      dimensions: { DeliveryStreamName: "forms-records" },
    });
    expect(alarm.metric_name).toBe("DeliveryToIceberg.FailedRowCount");
  });
});
