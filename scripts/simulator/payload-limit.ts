import { StatesError } from "./errors";
import { JsonValue, jsonByteLength } from "./json";

/**
 * Maximum size of a task result, a state's input or output, an execution's input and a
 * Distributed Map child's input: 256 KiB as UTF-8 JSON (Step Functions developer guide,
 * service quotas).
 */
export const PAYLOAD_LIMIT_BYTES = 256 * 1024;

/**
 * Throws States.DataLimitExceeded when a value is larger than the payload limit.
 * `catchable` says whether a Catch naming the error may handle it: Step Functions
 * documents that States.ALL never matches this error, so only a catcher that names it
 * can. `what` names the value, as in "the result of state AnalyzeDocument".
 */
export function enforcePayloadLimit(
  value: JsonValue,
  what: string,
  catchable: boolean,
): void {
  const size = jsonByteLength(value);
  if (size > PAYLOAD_LIMIT_BYTES) {
    throw new StatesError(
      "States.DataLimitExceeded",
      `${what} has ${size} bytes, more than the ${PAYLOAD_LIMIT_BYTES} bytes Step Functions allows.`,
      catchable,
    );
  }
}
