import type { JsonObject, JsonValue } from "./json";

/** The facts about one execution that its context object shows. */
export interface ExecutionInfo {
  /** Execution ARN. */
  readonly id: string;
  readonly name: string;
  readonly input: JsonValue;
  /** ISO 8601 start time with milliseconds. */
  readonly startTime: string;
  readonly roleArn: string;
  readonly stateMachineId: string;
  readonly stateMachineName: string;
}

/** The state-specific part of a context object. */
export interface StateInfo {
  readonly name: string;
  readonly enteredTime: string;
  readonly retryCount: number;
}

/**
 * Builds `$states.context` for a state: Execution, State and StateMachine, plus Map.Item
 * inside a Map's ItemSelector (Step Functions developer guide, context object).
 */
export function contextObject(
  execution: ExecutionInfo,
  state: StateInfo,
  mapItem?: { readonly index: number; readonly value: JsonValue },
): JsonObject {
  const context: JsonObject = {
    Execution: {
      Id: execution.id,
      Input: execution.input,
      Name: execution.name,
      RoleArn: execution.roleArn,
      StartTime: execution.startTime,
      RedriveCount: 0,
    },
    State: {
      EnteredTime: state.enteredTime,
      Name: state.name,
      RetryCount: state.retryCount,
    },
    StateMachine: {
      Id: execution.stateMachineId,
      Name: execution.stateMachineName,
    },
  };
  if (mapItem) {
    context.Map = { Item: { Index: mapItem.index, Value: mapItem.value } };
  }
  return context;
}
