import type { JsonObject } from "./json";
import type { SeededRandom } from "./random";

// Step Functions documents that States.ALL matches neither States.DataLimitExceeded nor
// States.Runtime; only a retrier or catcher that names them matches (developer guide,
// error handling). NOTE: an execution history recorded in 2024 (localstack's
// AWS-validated snapshot of a Lambda task over the limit) shows a States.ALL catcher
// handling it after all; the workflow names the error, which works either way.
const NOT_MATCHED_BY_WILDCARDS = new Set([
  "States.DataLimitExceeded",
  "States.Runtime",
]);

/** Tells whether an ErrorEquals list matches an error name. */
export function errorMatches(
  errorEquals: readonly string[],
  error: string,
): boolean {
  return errorEquals.some((name) => {
    if (name === error) {
      return true;
    }
    if (NOT_MATCHED_BY_WILDCARDS.has(error)) {
      return false;
    }
    // States.TaskFailed matches every error except States.Timeout.
    return (
      name === "States.ALL" ||
      (name === "States.TaskFailed" && error !== "States.Timeout")
    );
  });
}

/** One retrier of a state, with the defaults Step Functions applies. */
export interface Retrier {
  readonly errorEquals: readonly string[];
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
  readonly maxDelaySeconds?: number;
  readonly jitter: "FULL" | "NONE";
}

/** Reads a Retry entry; defaults are IntervalSeconds 1, MaxAttempts 3, BackoffRate 2. */
export function readRetrier(entry: JsonObject): Retrier {
  const jitter = entry.JitterStrategy ?? "NONE";
  if (jitter !== "FULL" && jitter !== "NONE") {
    throw new TypeError(
      `JitterStrategy is ${JSON.stringify(jitter)}; expected FULL or NONE`,
    );
  }
  return {
    errorEquals: stringList(entry.ErrorEquals),
    intervalSeconds: numberOr(entry.IntervalSeconds, 1),
    maxAttempts: numberOr(entry.MaxAttempts, 3),
    backoffRate: numberOr(entry.BackoffRate, 2),
    maxDelaySeconds:
      typeof entry.MaxDelaySeconds === "number"
        ? entry.MaxDelaySeconds
        : undefined,
    jitter,
  };
}

/**
 * Returns the delay before retry number `retriesSoFar + 1`: IntervalSeconds times
 * BackoffRate to the power of the retries so far, capped at MaxDelaySeconds. With FULL
 * jitter the delay is a random value from 0 up to that.
 */
export function retryDelaySeconds(
  retrier: Retrier,
  retriesSoFar: number,
  random: SeededRandom,
): number {
  const exponential =
    retrier.intervalSeconds * Math.pow(retrier.backoffRate, retriesSoFar);
  const capped =
    retrier.maxDelaySeconds === undefined
      ? exponential
      : Math.min(exponential, retrier.maxDelaySeconds);
  const delay = retrier.jitter === "FULL" ? random.next() * capped : capped;
  return Math.round(delay * 1000) / 1000;
}

/** Reads an ErrorEquals list. */
export function stringList(value: unknown): string[] {
  if (
    !Array.isArray(value) ||
    !value.every((item) => typeof item === "string")
  ) {
    throw new TypeError(
      `ErrorEquals is ${JSON.stringify(value)}; expected a list of error names`,
    );
  }
  return value;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}
