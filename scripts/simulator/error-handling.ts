import { StatesError } from "./errors";
import {
  errorMatches,
  readRetrier,
  retryDelaySeconds,
  stringList,
} from "./error-matching";
import { isJsonObject } from "./json";
import { enforcePayloadLimit } from "./payload-limit";
import type { StateStep } from "./runtime";
import type { StateCall } from "./state-call";
import { assignVariables } from "./state-output";

/**
 * Runs the work of a Task or Map state under its Retry and Catch fields. For each error,
 * the first retrier whose ErrorEquals matches decides: while it has attempts left, the
 * work runs again after its delay (logged, and added to the simulated clock, not waited
 * for); once they are used up, or when no retrier matches, the first matching catcher
 * sends its Output to its Next state. With no matching catcher the error fails the
 * state's machine.
 */
export async function runWithRetryAndCatch(
  call: StateCall,
  work: (retryCount: number) => Promise<StateStep>,
): Promise<StateStep> {
  const retriers = (Array.isArray(call.state.Retry) ? call.state.Retry : [])
    .filter(isJsonObject)
    .map(readRetrier);
  const attempts = retriers.map(() => 0);
  let retryCount = 0;
  for (;;) {
    try {
      return await work(retryCount);
    } catch (error) {
      if (!(error instanceof StatesError) || !error.catchable) {
        throw error;
      }
      const index = retriers.findIndex((retrier) =>
        errorMatches(retrier.errorEquals, error.error),
      );
      if (index < 0 || attempts[index] >= retriers[index].maxAttempts) {
        return catchError(call, error);
      }
      const { runtime } = call;
      const seconds = retryDelaySeconds(
        retriers[index],
        attempts[index],
        runtime.random,
      );
      attempts[index] += 1;
      retryCount += 1;
      runtime.services.log.waits.push({
        state: call.path,
        kind: "retry",
        seconds,
        error: error.error,
      });
      runtime.clock.advanceSeconds(seconds);
    }
  }
}

async function catchError(
  call: StateCall,
  error: StatesError,
): Promise<StateStep> {
  const catchers = (
    Array.isArray(call.state.Catch) ? call.state.Catch : []
  ).filter(isJsonObject);
  const index = catchers.findIndex((catcher) =>
    errorMatches(stringList(catcher.ErrorEquals), error.error),
  );
  if (index < 0) {
    throw error;
  }
  const catcher = catchers[index];
  const errorOutput = { Error: error.error, Cause: error.cause };
  const scope = call.scope({ errorOutput });
  const { evaluator } = call.runtime;
  const where = call.where(`Catch[${index}]`);
  const output =
    catcher.Output === undefined
      ? errorOutput
      : await evaluator.template(catcher.Output, scope, `${where}.Output`);
  const assigned =
    catcher.Assign === undefined
      ? undefined
      : await evaluator.template(catcher.Assign, scope, `${where}.Assign`);
  enforcePayloadLimit(output, `The output of ${where}`, false);
  if (assigned !== undefined) {
    assignVariables(call, assigned, `${where}.Assign`);
  }
  return { output, next: String(catcher.Next) };
}
