import type { Rule } from "../rule";
import { block, resourcesOfType } from "../stack";

const LEVELS = ["ALL", "ERROR"];

/** Every state machine logs at least its errors to a log group of the stack. */
export const SFN_LOGGING: Rule = {
  id: "SFN-LOGGING",
  requirement:
    "Every state machine has a logging_configuration with level ALL or ERROR and a log_destination of `<log group ARN>:*` for a log group of the same stack.",
  rationale:
    "Failed executions must leave a record that an operator can read after the execution history is gone.",
  fix: 'Set logging_configuration { level = "ERROR", log_destination = "<log group ARN>:*" } on the aws_sfn_state_machine.',
  subjects: (stack) => resourcesOfType(stack, "aws_sfn_state_machine"),
  check(machine, stack) {
    const logging = block(machine.body.logging_configuration);
    const messages: string[] = [];
    if (!LEVELS.includes(String(logging.level))) {
      messages.push(
        `logging_configuration.level is ${JSON.stringify(logging.level)}; expected ${LEVELS.join(" or ")}`,
      );
    }
    const match = /^arn:aws[a-z-]*:logs:[^:]+:\d{12}:log-group:(.+):\*$/.exec(
      String(logging.log_destination),
    );
    const groups = resourcesOfType(stack, "aws_cloudwatch_log_group");
    if (!match || !groups.some((group) => group.body.name === match[1])) {
      messages.push(
        `logging_configuration.log_destination ${JSON.stringify(logging.log_destination)} is not "<ARN of a log group in this stack>:*"`,
      );
    }
    return messages;
  },
};
