import { StatesError } from "./errors";
import type { StateStep } from "./runtime";
import type { StateCall } from "./state-call";
import { completeState } from "./state-output";

/** Runs a Wait state: logs the pause and moves the simulated clock, without waiting. */
export async function runWaitState(call: StateCall): Promise<StateStep> {
  const seconds = await waitSeconds(call);
  call.runtime.services.log.waits.push({
    state: call.path,
    kind: "wait",
    seconds,
  });
  call.runtime.clock.advanceSeconds(seconds);
  return completeState(call, {}, call.next());
}

async function waitSeconds(call: StateCall): Promise<number> {
  const seconds = await call.field("Seconds");
  if (seconds !== undefined) {
    if (
      typeof seconds !== "number" ||
      !Number.isInteger(seconds) ||
      seconds < 0
    ) {
      throw new StatesError(
        "States.QueryEvaluationError",
        `${call.where("Seconds")} is ${JSON.stringify(seconds)}; expected a whole number of seconds of at least 0.`,
      );
    }
    return seconds;
  }
  const timestamp = await call.field("Timestamp");
  const millis =
    typeof timestamp === "string" ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(millis)) {
    throw new StatesError(
      "States.QueryEvaluationError",
      `${call.where("Timestamp")} is ${JSON.stringify(timestamp)}; expected an ISO 8601 time, or use Seconds.`,
    );
  }
  return Math.max(0, (millis - call.runtime.clock.nowMillis()) / 1000);
}
