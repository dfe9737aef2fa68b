import { runChoiceState } from "./choice-state";
import { runDistributedMap } from "./distributed-map";
import { StatesError, UnsupportedFeatureError } from "./errors";
import { runInlineMap } from "./inline-map";
import { JsonObject, JsonValue, isJsonObject } from "./json";
import { enforcePayloadLimit } from "./payload-limit";
import type { Frame, Runtime, StateStep } from "./runtime";
import { StateCall } from "./state-call";
import { completeState } from "./state-output";
import { runTaskState } from "./task-state";
import { runWaitState } from "./wait-state";

// A Standard execution's history contains at most 25,000 events (developer guide,
// service quotas), so a machine that takes more transitions than that is looping.
const MAX_TRANSITIONS = 25_000;

/** Runs the states of a machine one after another, following Next, until one ends it. */
export async function runMachine(
  runtime: Runtime,
  machine: JsonObject,
  input: JsonValue,
  frame: Frame,
): Promise<JsonValue> {
  const states = machine.States as JsonObject;
  let name = String(machine.StartAt);
  let current = input;
  for (let transitions = 0; transitions < MAX_TRANSITIONS; transitions += 1) {
    const state = states[name];
    if (!isJsonObject(state)) {
      throw new UnsupportedFeatureError(`State ${name} does not exist.`);
    }
    const step = await runState(
      new StateCall(runtime, name, state, current, frame),
    );
    if (step.next === undefined) {
      return step.output;
    }
    name = step.next;
    current = step.output;
  }
  throw new StatesError(
    "States.Runtime",
    `The machine at ${frame.path || "the top level"} took ${MAX_TRANSITIONS} transitions without ending; check its loops.`,
    false,
  );
}

function runState(call: StateCall): Promise<StateStep> {
  switch (call.state.Type) {
    case "Pass":
      return completeState(call, {}, call.next());
    case "Task":
      return runTaskState(call);
    case "Choice":
      return runChoiceState(call);
    case "Wait":
      return runWaitState(call);
    case "Map":
      return isDistributed(call.state)
        ? runDistributedMap(call)
        : runInlineMap(call);
    case "Succeed":
      return runSucceedState(call);
    case "Fail":
      return runFailState(call);
    default:
      throw new UnsupportedFeatureError(
        `State ${call.path} has Type ${JSON.stringify(call.state.Type)}, which the simulator does not run.`,
      );
  }
}

async function runSucceedState(call: StateCall): Promise<StateStep> {
  const output = await call.fieldOr("Output", call.input);
  enforcePayloadLimit(output, `The output of state ${call.path}`, false);
  return { output };
}

/** Runs a Fail state: ends its machine with its Error and Cause, which may be expressions. */
async function runFailState(call: StateCall): Promise<StateStep> {
  const error = await call.field("Error");
  const cause = await call.field("Cause");
  throw new StatesError(
    typeof error === "string" ? error : "States.Failed",
    typeof cause === "string" ? cause : "",
  );
}

function isDistributed(state: JsonObject): boolean {
  const processor = state.ItemProcessor;
  return (
    isJsonObject(processor) &&
    isJsonObject(processor.ProcessorConfig) &&
    processor.ProcessorConfig.Mode === "DISTRIBUTED"
  );
}
