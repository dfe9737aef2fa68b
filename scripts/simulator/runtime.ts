import type { VirtualClock } from "./clock";
import type { ExecutionInfo } from "./execution-context";
import type { ExpressionEvaluator } from "./expressions";
import type { Services } from "./integrations";
import type { JsonObject, JsonValue } from "./json";
import type { SeededRandom } from "./random";
import type { VariableScope } from "./variables";

/** Place where a state machine, or a Map's ItemProcessor, runs. */
export interface Frame {
  /** Path of the enclosing Map state, or "" at the top level. */
  readonly path: string;
  readonly scope: VariableScope;
  readonly execution: ExecutionInfo;
}

/** Result of one state: its output, and the next state unless it ended its machine. */
export interface StateStep {
  readonly output: JsonValue;
  readonly next?: string;
}

/** Account, Region and names that ARNs of the simulated executions are built from. */
export interface StageIdentity {
  readonly region: string;
  readonly accountId: string;
  readonly stateMachineName: string;
  readonly roleArn: string;
}

/** Services, clock and helpers that every state of a simulation shares. */
export interface Runtime {
  readonly evaluator: ExpressionEvaluator;
  readonly services: Services;
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  readonly identity: StageIdentity;
  /** Runs a state machine or ItemProcessor to its end; throws StatesError when it fails. */
  runMachine(
    machine: JsonObject,
    input: JsonValue,
    frame: Frame,
  ): Promise<JsonValue>;
}
