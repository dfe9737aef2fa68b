import { StatesError } from "./errors";
import { JsonObject, JsonValue, isJsonObject } from "./json";
import { enforcePayloadLimit } from "./payload-limit";
import type { StateStep } from "./runtime";
import type { ScopeExtras, StateCall } from "./state-call";

/**
 * Finishes a state: evaluates Output and Assign together, so both see the variables as
 * they were when the state started, checks the output against the payload limit and
 * stores the variables. Without Output, the output is the result, or the input for
 * states that have no result.
 */
export async function completeState(
  call: StateCall,
  extras: ScopeExtras,
  next: string | undefined,
): Promise<StateStep> {
  const output = await call.fieldOr(
    "Output",
    extras.result === undefined ? call.input : extras.result,
    extras,
  );
  const assigned = await call.field("Assign", extras);
  // A state output over the limit fails the execution itself, past any Catch of the
  // state that produced it (reported in cdklabs/construct-hub pull request 1885).
  enforcePayloadLimit(output, `The output of state ${call.path}`, false);
  if (assigned !== undefined) {
    assignVariables(call, assigned, call.where("Assign"));
  }
  return { output, next };
}

/** Checks and stores the variables of an Assign block. */
export function assignVariables(
  call: StateCall,
  assigned: JsonValue,
  location: string,
): void {
  if (!isJsonObject(assigned)) {
    throw new StatesError(
      "States.QueryEvaluationError",
      `${location} is ${JSON.stringify(assigned)}; expected an object of variable names and values.`,
    );
  }
  // Each variable, and each Assign block, is at most 256 KiB (developer guide,
  // workflow variables).
  enforcePayloadLimit(assigned, location, true);
  for (const [name, value] of Object.entries(assigned as JsonObject)) {
    enforcePayloadLimit(value, `${location}.${name}`, true);
  }
  call.frame.scope.assign(assigned as JsonObject, call.path);
}
