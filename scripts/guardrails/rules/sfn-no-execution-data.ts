import type { Rule } from "../rule";
import { block, resourcesOfType } from "../stack";

/** The prod stack whose state machines must not log execution data. */
export const PROD_STACK = "prod";

/** Prod state machines keep execution input and output out of the logs. */
export const SFN_NO_EXECUTION_DATA: Rule = {
  id: "SFN-NO-EXECUTION-DATA",
  requirement:
    "In prod, every state machine sets logging_configuration.include_execution_data = false.",
  rationale:
    "State input and output carry the customers' names, addresses and phone numbers; logs must not copy personal data out of the pipeline.",
  fix: "Pass logExecutionData: false to FormsWorkflow for prod.",
  subjects: (stack) =>
    stack.name === PROD_STACK
      ? resourcesOfType(stack, "aws_sfn_state_machine")
      : [],
  check(machine) {
    const logging = block(machine.body.logging_configuration);
    return logging.include_execution_data === false
      ? []
      : [
          `logging_configuration.include_execution_data is ${JSON.stringify(logging.include_execution_data)}, not false`,
        ];
  },
};
