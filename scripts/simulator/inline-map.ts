import { StatesError } from "./errors";
import { runWithRetryAndCatch } from "./error-handling";
import { JsonObject, JsonValue } from "./json";
import { enforcePayloadLimit } from "./payload-limit";
import type { StateStep } from "./runtime";
import type { StateCall } from "./state-call";
import { completeState } from "./state-output";

/**
 * Runs an inline Map state. Iterations run one after another in item order, whatever
 * MaxConcurrency says, so the simulated side effects come in a fixed order. The first
 * failed iteration fails the Map with its error.
 */
export function runInlineMap(call: StateCall): Promise<StateStep> {
  return runWithRetryAndCatch(call, async (retryCount) => {
    const items = await readItems(call, retryCount);
    await call.wholeNumber("MaxConcurrency", 0, { retryCount });
    const processor = call.state.ItemProcessor as JsonObject;
    const results: JsonValue[] = [];
    for (const [index, item] of items.entries()) {
      const input = await selectItem(call, index, item, retryCount);
      enforcePayloadLimit(
        input,
        `The input of iteration ${index} of state ${call.path}`,
        true,
      );
      results.push(
        await call.runtime.runMachine(processor, input, {
          path: call.path,
          scope: call.frame.scope.child(),
          execution: call.frame.execution,
        }),
      );
    }
    enforcePayloadLimit(results, `The result of state ${call.path}`, true);
    return completeState(call, { result: results, retryCount }, call.next());
  });
}

/** Evaluates Items, or takes the state input, which must be an array. */
export async function readItems(
  call: StateCall,
  retryCount: number,
): Promise<JsonValue[]> {
  const items = await call.fieldOr("Items", call.input, { retryCount });
  if (!Array.isArray(items)) {
    throw new StatesError(
      "States.QueryEvaluationError",
      `${call.where("Items")} gave ${JSON.stringify(items).slice(0, 80)}; a Map needs an array of items.`,
    );
  }
  return items;
}

/** Applies ItemSelector to one item, with `$states.context.Map.Item` set. */
export async function selectItem(
  call: StateCall,
  index: number,
  value: JsonValue,
  retryCount: number,
): Promise<JsonValue> {
  return call.fieldOr("ItemSelector", value, {
    retryCount,
    mapItem: { index, value },
  });
}
