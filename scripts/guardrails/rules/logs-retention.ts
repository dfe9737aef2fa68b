import { LOG_RETENTION_DAYS } from "../../../stacks/stage-config";
import type { Rule } from "../rule";
import { resourcesOfType } from "../stack";

/** Every log group expires its events. */
export const LOGS_RETENTION: Rule = {
  id: "LOGS-RETENTION",
  requirement:
    "Every CloudWatch log group sets retention_in_days to a value CloudWatch Logs accepts.",
  rationale:
    "Without a retention, log events (which may quote form data) are kept forever.",
  fix: "Set retention_in_days on the aws_cloudwatch_log_group, for example from the stage's logRetentionDays.",
  subjects: (stack) => resourcesOfType(stack, "aws_cloudwatch_log_group"),
  check(group) {
    const days = group.body.retention_in_days;
    return (LOG_RETENTION_DAYS as readonly unknown[]).includes(days)
      ? []
      : [
          `retention_in_days is ${JSON.stringify(days)}; expected one of ${LOG_RETENTION_DAYS.join(", ")}`,
        ];
  },
};
