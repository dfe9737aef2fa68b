import type { Rule } from "../rule";
import { block, referencedResource, resourcesOfType } from "../stack";

/** Failed schedule starts are retried and then kept. */
export const SCHEDULER_RETRY_DLQ: Rule = {
  id: "SCHEDULER-RETRY-DLQ",
  requirement:
    "Every EventBridge Scheduler schedule sets a target retry_policy (maximum_retry_attempts of 1 or more and maximum_event_age_in_seconds) and a dead_letter_config with an SQS queue of the same stack.",
  rationale:
    "A start that fails every retry must land somewhere an alarm watches, or a day's forms are silently not processed.",
  fix: "Set target.retry_policy and target.dead_letter_config { arn = <queue ARN> } on the aws_scheduler_schedule.",
  subjects: (stack) => resourcesOfType(stack, "aws_scheduler_schedule"),
  check(schedule, stack) {
    const target = block(schedule.body.target);
    const retry = block(target.retry_policy);
    const messages: string[] = [];
    const attempts = retry.maximum_retry_attempts;
    if (typeof attempts !== "number" || attempts < 1) {
      messages.push(
        `target.retry_policy.maximum_retry_attempts is ${JSON.stringify(attempts)}; expected 1 or more`,
      );
    }
    if (typeof retry.maximum_event_age_in_seconds !== "number") {
      messages.push(
        "target.retry_policy.maximum_event_age_in_seconds is not set",
      );
    }
    const queueArn = block(target.dead_letter_config).arn;
    const queue = referencedResource(stack, queueArn);
    const literalQueue = resourcesOfType(stack, "aws_sqs_queue").some(
      (candidate) =>
        typeof queueArn === "string" &&
        typeof candidate.body.name === "string" &&
        queueArn.endsWith(`:${candidate.body.name}`),
    );
    if (queue?.type !== "aws_sqs_queue" && !literalQueue) {
      messages.push(
        `target.dead_letter_config.arn ${JSON.stringify(queueArn)} names no SQS queue of this stack`,
      );
    }
    return messages;
  },
};
