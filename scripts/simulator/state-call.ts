import { StatesError } from "./errors";
import { contextObject } from "./execution-context";
import type { EvaluationScope } from "./expressions";
import { JsonObject, JsonValue } from "./json";
import type { Frame, Runtime } from "./runtime";

/** Values that some fields of a state can read besides its input. */
export interface ScopeExtras {
  readonly result?: JsonValue;
  readonly errorOutput?: JsonValue;
  readonly retryCount?: number;
  readonly mapItem?: { readonly index: number; readonly value: JsonValue };
}

/** One visit of one state: its definition, its input and where it runs. */
export class StateCall {
  /** Path such as `ProcessForms/AnalyzeForms/AnalyzeDocument`. */
  readonly path: string;
  readonly enteredTime: string;

  constructor(
    readonly runtime: Runtime,
    readonly name: string,
    readonly state: JsonObject,
    readonly input: JsonValue,
    readonly frame: Frame,
  ) {
    this.path = frame.path ? `${frame.path}/${name}` : name;
    this.enteredTime = runtime.clock.nowIso();
  }

  /** Builds what an expression of this state can read. */
  scope(extras: ScopeExtras = {}): EvaluationScope {
    return {
      states: {
        input: this.input,
        context: contextObject(
          this.frame.execution,
          {
            name: this.name,
            enteredTime: this.enteredTime,
            retryCount: extras.retryCount ?? 0,
          },
          extras.mapItem,
        ),
        result: extras.result,
        errorOutput: extras.errorOutput,
      },
      variables: this.frame.scope.visible(),
    };
  }

  /** Names a field of this state in messages. */
  where(field: string): string {
    return `State ${this.path} field ${field}`;
  }

  /** Evaluates a field that is a JSON template, or returns undefined when it is absent. */
  async field(
    name: string,
    extras: ScopeExtras = {},
  ): Promise<JsonValue | undefined> {
    const value = this.state[name];
    if (value === undefined) {
      return undefined;
    }
    return this.runtime.evaluator.template(
      value,
      this.scope(extras),
      this.where(name),
    );
  }

  /**
   * Evaluates a field, or returns `fallback` when the field is absent. A field that
   * evaluates to null stays null.
   */
  async fieldOr(
    name: string,
    fallback: JsonValue,
    extras: ScopeExtras = {},
  ): Promise<JsonValue> {
    const value = await this.field(name, extras);
    return value === undefined ? fallback : value;
  }

  /** Evaluates a numeric field, which must be a whole number of at least `min`. */
  async wholeNumber(
    name: string,
    min: number,
    extras: ScopeExtras = {},
  ): Promise<number | undefined> {
    const value = await this.field(name, extras);
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
      throw new StatesError(
        "States.QueryEvaluationError",
        `${this.where(name)} is ${JSON.stringify(value)}; expected a whole number of at least ${min}.`,
      );
    }
    return value;
  }

  /** Returns the next state, or undefined when this state ends its machine. */
  next(): string | undefined {
    return this.state.End === true ? undefined : String(this.state.Next);
  }
}
