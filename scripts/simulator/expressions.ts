import jsonata from "jsonata";
import { SimulationSetupError, StatesError } from "./errors";
import { JsonObject, JsonValue, isJsonObject, toJsonValue } from "./json";
import type { BoundFunction } from "./sfn-functions";

/** The reserved `$states` variable of a JSONata state. */
export interface StatesVariable {
  readonly input: JsonValue;
  readonly context: JsonValue;
  /** Result of a Task or Map, in its Output and Assign only. */
  readonly result?: JsonValue;
  /** Error and Cause, in a catcher's Output and Assign only. */
  readonly errorOutput?: JsonValue;
}

/** What an expression can read: `$states` and the visible workflow variables. */
export interface EvaluationScope {
  readonly states: StatesVariable;
  readonly variables: JsonObject;
}

// A JSONata expression is a string that starts with "{%" and ends with "%}", with nothing
// outside the delimiters (Step Functions developer guide, transforming data with JSONata).
const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/** Returns the JSONata source of a field value, or undefined when it is a literal. */
export function expressionSource(value: unknown): string | undefined {
  return typeof value === "string" ? EXPRESSION.exec(value)?.[1] : undefined;
}

/**
 * Evaluates the JSONata fields of a definition. Evaluation errors, and expressions that
 * return nothing, become States.QueryEvaluationError as in Step Functions, naming the
 * field.
 */
export class ExpressionEvaluator {
  private readonly compiled = new Map<string, jsonata.Expression>();

  constructor(private readonly functions: Record<string, BoundFunction>) {}

  /** Compiles an expression, so that a syntax error is reported before the run. */
  compile(source: string, location: string): jsonata.Expression {
    const cached = this.compiled.get(source);
    if (cached) {
      return cached;
    }
    try {
      const expression = jsonata(source);
      this.compiled.set(source, expression);
      return expression;
    } catch (error) {
      throw new SimulationSetupError(
        `${location} has a JSONata expression that does not compile: ${(error as Error).message}; fix the expression in the ASL file.`,
      );
    }
  }

  /**
   * Evaluates a field that is a JSON template: every string that is one `{% %}`
   * expression is replaced by its value, in objects and arrays at any depth; all other
   * values stay as they are.
   */
  async template(
    value: JsonValue,
    scope: EvaluationScope,
    location: string,
  ): Promise<JsonValue> {
    const source = expressionSource(value);
    if (source !== undefined) {
      return this.expression(source, scope, location);
    }
    if (Array.isArray(value)) {
      const items: JsonValue[] = [];
      for (const [index, item] of value.entries()) {
        items.push(await this.template(item, scope, `${location}[${index}]`));
      }
      return items;
    }
    if (isJsonObject(value)) {
      const result: JsonObject = {};
      for (const [key, item] of Object.entries(value)) {
        result[key] = await this.template(item, scope, `${location}.${key}`);
      }
      return result;
    }
    return value;
  }

  /** Evaluates one expression; throws States.QueryEvaluationError when it has no value. */
  async expression(
    source: string,
    scope: EvaluationScope,
    location: string,
  ): Promise<JsonValue> {
    const expression = this.compile(source, location);
    const bindings: Record<string, unknown> = {
      ...this.functions,
      ...scope.variables,
      states: scope.states,
    };
    let value: unknown;
    try {
      value = await expression.evaluate(scope.states.input, bindings);
    } catch (error) {
      throw new StatesError(
        "States.QueryEvaluationError",
        `${location}: the JSONata expression failed: ${(error as Error).message}`,
      );
    }
    if (value === undefined) {
      throw new StatesError(
        "States.QueryEvaluationError",
        `${location}: the JSONata expression returned no value (undefined).`,
      );
    }
    try {
      return toJsonValue(value, location);
    } catch (error) {
      throw new StatesError(
        "States.QueryEvaluationError",
        `${location}: ${(error as Error).message}`,
      );
    }
  }
}
