import { createHash } from "node:crypto";
import jsonata from "jsonata";
import type { VirtualClock } from "./clock";
import { SeededRandom } from "./random";

/** A function bound into every JSONata evaluation. */
export type BoundFunction = (...args: unknown[]) => unknown;

// Algorithm names of $hash, mapped to Node's names (Step Functions developer guide,
// JSONata functions provided by Step Functions).
const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: "md5",
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
};

const FORMAT_MILLIS = jsonata("$fromMillis($millis, $picture, $timezone)");

/**
 * Builds the functions Step Functions adds to JSONata ($partition, $range, $hash,
 * $random, $uuid, $parse), a $eval that fails as it does in Step Functions, and $now and
 * $millis that read the simulated clock. Each throws an Error whose message names the
 * function and the rejected argument; the evaluator turns it into
 * States.QueryEvaluationError.
 */
export function stepFunctionsFunctions(
  clock: VirtualClock,
  random: SeededRandom,
): Record<string, BoundFunction> {
  return {
    partition: (array: unknown, size: unknown) => partition(array, size),
    range: (start: unknown, end: unknown, step: unknown) =>
      range(start, end, step),
    hash: (value: unknown, algorithm: unknown) => hash(value, algorithm),
    random: (seed: unknown) =>
      seed === undefined ? random.next() : seededRandom(seed),
    uuid: () => random.uuid(),
    parse: (text: unknown) => parse(text),
    eval: () => {
      throw new Error(
        "$eval is not available in Step Functions; use $parse to read JSON text",
      );
    },
    millis: () => clock.nowMillis(),
    now: (picture: unknown, timezone: unknown) =>
      FORMAT_MILLIS.evaluate(
        {},
        { millis: clock.nowMillis(), picture, timezone },
      ),
  };
}

function partition(array: unknown, size: unknown): unknown[][] {
  if (array === undefined) {
    return [];
  }
  const items = Array.isArray(array) ? array : [array];
  if (typeof size !== "number" || !Number.isInteger(size) || size < 1) {
    throw new Error(
      `$partition expects a whole number size of at least 1, got ${JSON.stringify(size)}`,
    );
  }
  const chunks: unknown[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

// NOTE: the end is taken as inclusive, like States.ArrayRange in JSONPath; the JSONata
// page does not say. The workflow does not use $range.
function range(start: unknown, end: unknown, step: unknown): number[] {
  const increment = step === undefined ? 1 : step;
  if (
    typeof start !== "number" ||
    typeof end !== "number" ||
    typeof increment !== "number" ||
    increment === 0
  ) {
    throw new Error(
      `$range expects numbers start, end and a non-zero step, got ${JSON.stringify([start, end, step])}`,
    );
  }
  const values: number[] = [];
  for (
    let value = start;
    increment > 0 ? value <= end : value >= end;
    value += increment
  ) {
    values.push(value);
  }
  return values;
}

function hash(value: unknown, algorithm: unknown): string {
  const name = typeof algorithm === "string" ? HASH_ALGORITHMS[algorithm] : "";
  if (!name) {
    throw new Error(
      `$hash expects one of ${Object.keys(HASH_ALGORITHMS).join(", ")} as algorithm, got ${JSON.stringify(algorithm)}`,
    );
  }
  if (typeof value !== "string") {
    throw new Error(
      `$hash expects a string value, got ${JSON.stringify(value)}`,
    );
  }
  return createHash(name).update(value, "utf8").digest("hex");
}

// $random(seed) returns the same number for the same seed.
function seededRandom(seed: unknown): number {
  if (typeof seed !== "number" || !Number.isInteger(seed)) {
    throw new Error(
      `$random expects a whole number seed, got ${JSON.stringify(seed)}`,
    );
  }
  return new SeededRandom(seed).next();
}

function parse(text: unknown): unknown {
  if (typeof text !== "string") {
    throw new Error(`$parse expects a string, got ${JSON.stringify(text)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(
      `$parse got text that is not JSON: ${(error as Error).message}`,
    );
  }
}
