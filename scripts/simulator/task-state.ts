import { runWithRetryAndCatch } from "./error-handling";
import { callTask } from "./integrations";
import { enforcePayloadLimit } from "./payload-limit";
import type { StateStep } from "./runtime";
import type { StateCall } from "./state-call";
import { completeState } from "./state-output";

/**
 * Runs a Task state: evaluates Arguments, makes the call, and checks the result against
 * the payload limit before Output sees it, as Step Functions does for a connector's
 * output. That check raises States.DataLimitExceeded, which only a catcher naming it
 * handles.
 */
export function runTaskState(call: StateCall): Promise<StateStep> {
  return runWithRetryAndCatch(call, async (retryCount) => {
    const args = await call.fieldOr("Arguments", {}, { retryCount });
    enforcePayloadLimit(args, `The Arguments of state ${call.path}`, true);
    const result = callTask(
      String(call.state.Resource),
      args,
      call.path,
      call.runtime.services,
    );
    enforcePayloadLimit(result, `The result of state ${call.path}`, true);
    return completeState(call, { result, retryCount }, call.next());
  });
}
