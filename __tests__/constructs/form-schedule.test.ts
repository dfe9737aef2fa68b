import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { Construct } from "constructs";
import {
  WorkflowSchedule,
  WorkflowScheduleProps,
} from "../../constructs/form-schedule";
import {
  addressOf,
  onlyResource,
  referenceTo,
  expectedServiceTrust,
  rolePolicies,
  statementWithSid,
  synthConstructs,
  TEST_PLACE,
} from "../support/construct-synth";

const STATE_MACHINE_ARN =
  "arn:aws:states:eu-central-1:123456789012:stateMachine:forms-extract";

const GROUP_ARN =
  "arn:aws:scheduler:eu-central-1:123456789012:schedule-group/forms-staging";

const PROPS: WorkflowScheduleProps = {
  place: TEST_PLACE,
  groupName: "forms-staging",
  scheduleName: "forms-extract",
  expression: "cron(0 6-20 ? * MON-FRI *)",
  timeZone: "Europe/Berlin",
  stateMachineArn: STATE_MACHINE_ARN,
  aliasName: "live",
  deadLetterQueueName: "forms-schedule-dlq",
};

function build(props: Partial<WorkflowScheduleProps> = {}) {
  return (scope: Construct) => {
    new WorkflowSchedule(scope, "schedule", { ...PROPS, ...props });
  };
}

function scheduleTarget() {
  const { stack } = synthConstructs(build());
  const schedule = onlyResource(stack, "aws_scheduler_schedule");
  return { stack, target: schedule.target as Record<string, unknown> };
}

function roleOf() {
  return rolePolicies(
    synthConstructs(build()).stack,
    "forms-extract-scheduler",
  );
}

describe("WorkflowSchedule", () => {
  it("creates the group and dead-letter queue", () => {
    const { text } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(SchedulerScheduleGroup, {
      name: "forms-staging",
    });
    expect(text).toHaveResourceWithProperties(SqsQueue, {
      name: "forms-schedule-dlq",
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1209600,
    });
  });

  it("runs the expression in its time zone", () => {
    const { text, stack } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(SchedulerSchedule, {
      name: "forms-extract",
      group_name: referenceTo(stack, "aws_scheduler_schedule_group", "name"),
      schedule_expression: "cron(0 6-20 ? * MON-FRI *)",
      schedule_expression_timezone: "Europe/Berlin",
      flexible_time_window: { mode: "OFF" },
      state: "ENABLED",
    });
  });

  it("is created after the role policy", () => {
    const { stack } = synthConstructs(build());
    expect(onlyResource(stack, "aws_scheduler_schedule").depends_on).toEqual([
      addressOf(stack, "aws_iam_role_policy"),
    ]);
  });

  it("targets the alias with the schedule's role", () => {
    const { stack, target } = scheduleTarget();
    expect(target.arn).toBe(`${STATE_MACHINE_ARN}:live`);
    expect(target.role_arn).toBe(referenceTo(stack, "aws_iam_role", "arn"));
  });

  it("passes the scheduled time and execution ID as input", () => {
    const { target } = scheduleTarget();
    expect(JSON.parse(String(target.input))).toEqual({
      scheduledTime: "<aws.scheduler.scheduled-time>",
      scheduleExecutionId: "<aws.scheduler.execution-id>",
    });
  });

  it("retries three times within an hour, then dead-letters", () => {
    const { stack, target } = scheduleTarget();
    expect(target.retry_policy).toEqual({
      maximum_retry_attempts: 3,
      maximum_event_age_in_seconds: 3600,
    });
    expect(target.dead_letter_config).toEqual({
      arn: referenceTo(stack, "aws_sqs_queue", "arn"),
    });
  });

  it("trusts only the Scheduler for this group", () => {
    const { trust } = roleOf();
    expect(trust.Statement).toEqual(
      expectedServiceTrust(
        "scheduler.amazonaws.com",
        "123456789012",
        GROUP_ARN,
      ),
    );
  });

  it("grants starts of the alias only", () => {
    const { permissions } = roleOf();
    expect(statementWithSid(permissions, "StartTheAliasOnly")).toEqual({
      Sid: "StartTheAliasOnly",
      Effect: "Allow",
      Action: ["states:StartExecution"],
      Resource: [STATE_MACHINE_ARN],
      Condition: {
        StringEquals: { "states:StateMachineQualifier": "live" },
      },
    });
  });

  it("grants sends to its dead-letter queue only", () => {
    const { permissions } = roleOf();
    const statement = statementWithSid(
      permissions,
      "SendFailedStartsToTheDeadLetterQueue",
    );
    expect(statement.Action).toEqual(["sqs:SendMessage"]);
    expect(statement.Resource).toEqual([
      "arn:aws:sqs:eu-central-1:123456789012:forms-schedule-dlq",
    ]);
    expect(permissions.Statement).toHaveLength(2);
  });

  // WorkflowSchedule validates none of its props, so ServiceRole's role name check is the only one.
  it("rejects a schedule name too long", () => {
    const scheduleName = "s".repeat(60);
    expect(() => synthConstructs(build({ scheduleName }))).toThrow(
      `Invalid scheduleName "${scheduleName}": expected 1 to 54 letters, digits, dots, hyphens or underscores (the role name adds 10).`,
    );
  });
});
