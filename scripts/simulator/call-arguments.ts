import { InvalidCallError, UnsupportedFeatureError } from "./errors";
import { JsonObject, JsonValue, isJsonObject } from "./json";

/**
 * Reads the evaluated Arguments of one call. Unknown fields stop the simulation, because
 * the simulated service would ignore what AWS acts on; missing or mistyped ones stop it
 * as an invalid call.
 */
export class CallArguments {
  readonly values: JsonObject;

  constructor(
    value: JsonValue,
    private readonly location: string,
    allowed: readonly string[],
  ) {
    if (!isJsonObject(value)) {
      throw new InvalidCallError(
        `${location} is ${JSON.stringify(value)}; expected an object of API parameters.`,
      );
    }
    for (const field of Object.keys(value)) {
      if (!allowed.includes(field)) {
        throw new UnsupportedFeatureError(
          `${location} has field "${field}", which the simulator does not model; it models ${allowed.join(", ")}.`,
        );
      }
    }
    this.values = value;
  }

  /** Returns a required string field. */
  string(field: string): string {
    const value = this.values[field];
    if (typeof value !== "string" || value === "") {
      throw new InvalidCallError(
        `${this.location}.${field} is ${JSON.stringify(value)}; expected a non-empty string.`,
      );
    }
    return value;
  }

  /** Returns an optional string field. */
  optionalString(field: string): string | undefined {
    return this.values[field] === undefined ? undefined : this.string(field);
  }

  /** Returns an optional whole-number field that must lie from `min` to `max`. */
  optionalWholeNumber(
    field: string,
    min: number,
    max: number,
  ): number | undefined {
    const value = this.values[field];
    if (value === undefined) {
      return undefined;
    }
    if (
      typeof value !== "number" ||
      !Number.isInteger(value) ||
      value < min ||
      value > max
    ) {
      throw new InvalidCallError(
        `${this.location}.${field} is ${JSON.stringify(value)}; expected a whole number from ${min} to ${max}.`,
      );
    }
    return value;
  }

  /** Returns a required object field, checked against its own allowed fields. */
  object(field: string, allowed: readonly string[]): CallArguments {
    return new CallArguments(
      this.values[field] ?? null,
      `${this.location}.${field}`,
      allowed,
    );
  }

  /** Returns a required array field. */
  array(field: string): JsonValue[] {
    const value = this.values[field];
    if (!Array.isArray(value)) {
      throw new InvalidCallError(
        `${this.location}.${field} is ${JSON.stringify(value)}; expected an array.`,
      );
    }
    return value;
  }

  /** Names a nested field in messages. */
  where(field: string): string {
    return `${this.location}.${field}`;
  }
}
