import { StatesError } from "./errors";
import { isJsonObject } from "./json";
import type { StateStep } from "./runtime";
import type { StateCall } from "./state-call";
import { completeState } from "./state-output";

/**
 * Runs a Choice state: the first rule whose Condition is true names the next state, else
 * Default does. A Condition that is not a boolean raises States.QueryEvaluationError;
 * no match and no Default raises States.NoChoiceMatched.
 */
export async function runChoiceState(call: StateCall): Promise<StateStep> {
  const rules = Array.isArray(call.state.Choices) ? call.state.Choices : [];
  for (const [index, rule] of rules.entries()) {
    if (!isJsonObject(rule)) {
      continue;
    }
    const location = call.where(`Choices[${index}].Condition`);
    const condition = await call.runtime.evaluator.template(
      rule.Condition ?? null,
      call.scope(),
      location,
    );
    if (typeof condition !== "boolean") {
      throw new StatesError(
        "States.QueryEvaluationError",
        `${location} returned ${JSON.stringify(condition)}; a Condition must return true or false.`,
      );
    }
    if (condition) {
      return completeState(call, {}, String(rule.Next));
    }
  }
  if (typeof call.state.Default !== "string") {
    throw new StatesError(
      "States.NoChoiceMatched",
      `No Choices rule of state ${call.path} matched and it has no Default.`,
    );
  }
  return completeState(call, {}, call.state.Default);
}
