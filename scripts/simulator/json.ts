/** A JSON value as Step Functions passes it between states. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** Tells whether a value is a JSON object (not an array and not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Converts a value from JSONata or a parsed file into plain JSON, the way it would be
 * serialized between states: object keys whose value is undefined are dropped, and
 * JSONata's sequence arrays become plain arrays. Throws for functions and for numbers
 * that JSON cannot represent.
 */
export function toJsonValue(value: unknown, location: string): JsonValue {
  if (
    value === null ||
    typeof value === "boolean" ||
    typeof value === "string"
  ) {
    return value;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new TypeError(
        `${location} is ${value}, which JSON cannot represent`,
      );
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value
      .filter((item) => item !== undefined)
      .map((item, index) => toJsonValue(item, `${location}[${index}]`));
  }
  if (typeof value === "object") {
    const result: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) {
        result[key] = toJsonValue(item, `${location}.${key}`);
      }
    }
    return result;
  }
  throw new TypeError(
    `${location} is a ${typeof value}, which is not a JSON value`,
  );
}

/** Size of a value serialized as compact JSON, in UTF-8 bytes. */
export function jsonByteLength(value: JsonValue): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}
