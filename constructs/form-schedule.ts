import { Construct } from "constructs";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { arn, Place } from "../stacks/names";
import { serviceTrustPolicy } from "./policy";
import { ServiceRole } from "./service-role";
import { requireMatch } from "./validation";

/** Properties of a WorkflowSchedule. */
export interface WorkflowScheduleProps {
  /** Account and Region of the schedule. */
  readonly place: Place;
  /** Schedule group name; the schedule role trusts only this group. */
  readonly groupName: string;
  /** Schedule name. */
  readonly scheduleName: string;
  /** rate(), cron() or at() expression. */
  readonly expression: string;
  /** IANA time zone of cron() and at() expressions. */
  readonly timeZone: string;
  /** Unqualified ARN of the state machine. */
  readonly stateMachineArn: string;
  /** Name of the alias to start. */
  readonly aliasName: string;
  /** Name of the dead-letter queue for starts that failed every retry. */
  readonly deadLetterQueueName: string;
}

/**
 * An EventBridge Scheduler schedule that starts a state machine alias with the scheduled
 * time in the execution input, retries failed starts and keeps the ones that still fail
 * in an SQS dead-letter queue.
 */
export class WorkflowSchedule extends Construct {
  /** The schedule. */
  readonly schedule: SchedulerSchedule;
  /** The dead-letter queue. */
  readonly deadLetterQueue: SqsQueue;
  /** The role the Scheduler assumes. */
  readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: WorkflowScheduleProps) {
    super(scope, id);
    validateProps(props);
    const groupArn = arn.scheduleGroup(props.place, props.groupName);
    const queueArn = arn.sqsQueue(props.place, props.deadLetterQueueName);

    const group = new SchedulerScheduleGroup(this, "group", {
      name: props.groupName,
    });
    this.deadLetterQueue = new SqsQueue(this, "dead-letter-queue", {
      name: props.deadLetterQueueName,
      sqsManagedSseEnabled: true,
      // The maximum retention SQS allows: 14 days to notice and replay a missed run.
      messageRetentionSeconds: 1209600,
    });

    this.role = new ServiceRole(this, "role", {
      roleName: `${props.scheduleName}-scheduler`,
      description: `EventBridge Scheduler starts ${props.stateMachineArn}:${props.aliasName}`,
      // The Scheduler sets aws:SourceArn to the schedule group, not the schedule
      // (EventBridge Scheduler user guide, confused deputy prevention).
      assumeRolePolicy: serviceTrustPolicy(
        "scheduler.amazonaws.com",
        props.place.accountId,
        groupArn,
      ),
      statements: [
        {
          Sid: "StartTheAliasOnly",
          Effect: "Allow",
          Action: ["states:StartExecution"],
          // IAM evaluates an alias start against the unqualified ARN; the qualifier
          // condition limits it to the alias (Step Functions developer guide, versions
          // and aliases).
          Resource: [props.stateMachineArn],
          Condition: {
            StringEquals: { "states:StateMachineQualifier": props.aliasName },
          },
        },
        {
          Sid: "SendFailedStartsToTheDeadLetterQueue",
          Effect: "Allow",
          Action: ["sqs:SendMessage"],
          Resource: [queueArn],
        },
      ],
    });

    this.schedule = new SchedulerSchedule(this, "schedule", {
      name: props.scheduleName,
      groupName: group.name,
      scheduleExpression: props.expression,
      scheduleExpressionTimezone: props.timeZone,
      flexibleTimeWindow: { mode: "OFF" },
      state: "ENABLED",
      target: {
        arn: `${props.stateMachineArn}:${props.aliasName}`,
        roleArn: this.role.role.arn,
        input: JSON.stringify({
          scheduledTime: "<aws.scheduler.scheduled-time>",
          scheduleExecutionId: "<aws.scheduler.execution-id>",
        }),
        retryPolicy: {
          maximumRetryAttempts: 3,
          maximumEventAgeInSeconds: 3600,
        },
        deadLetterConfig: { arn: this.deadLetterQueue.arn },
      },
      dependsOn: [this.role.policy],
    });
  }
}

function validateProps(props: WorkflowScheduleProps): void {
  const name = /^[0-9a-zA-Z_.-]{1,64}$/;
  const allowed = "1 to 64 letters, digits, dots, hyphens or underscores";
  requireMatch("groupName", props.groupName, name, allowed);
  // The role is named `<schedule>-scheduler`, and role names end at 64 characters.
  requireMatch(
    "scheduleName",
    props.scheduleName,
    /^[0-9a-zA-Z_.-]{1,54}$/,
    "1 to 54 letters, digits, dots, hyphens or underscores (the role name adds 10)",
  );
  requireMatch(
    "aliasName",
    props.aliasName,
    /^[a-zA-Z0-9_-]{1,80}$/,
    "1 to 80 letters, digits, hyphens or underscores",
  );
  requireMatch(
    "deadLetterQueueName",
    props.deadLetterQueueName,
    /^[a-zA-Z0-9_-]{1,80}$/,
    "1 to 80 letters, digits, hyphens or underscores (a standard queue; Scheduler takes no FIFO queue)",
  );
  requireMatch(
    "stateMachineArn",
    props.stateMachineArn,
    /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[a-zA-Z0-9_-]{1,80}$/,
    "an unqualified state machine ARN",
  );
  requireMatch(
    "expression",
    props.expression,
    /^(at|rate|cron)\(.+\)$/,
    "an at(), rate() or cron() expression",
  );
}
