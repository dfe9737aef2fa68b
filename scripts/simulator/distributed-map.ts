import { CallArguments } from "./call-arguments";
import { StatesError } from "./errors";
import { runWithRetryAndCatch } from "./error-handling";
import type { ExecutionInfo } from "./execution-context";
import { readItems, selectItem } from "./inline-map";
import { batchItems } from "./item-batcher";
import { JsonObject, JsonValue, isJsonObject } from "./json";
import { enforcePayloadLimit } from "./payload-limit";
import { ChildOutcome, writeResults } from "./result-writer";
import type { StateStep } from "./runtime";
import type { StateCall } from "./state-call";
import { completeState } from "./state-output";
import { ITEM_READER_RESOURCE } from "./supported-fields";
import { VariableScope } from "./variables";

interface Tolerance {
  readonly percentage: number;
  readonly count?: number;
}

/**
 * Runs a Distributed Map state as one Map Run: reads the items (ItemReader or Items),
 * applies ItemSelector, batches them, and runs each child execution in order with an
 * empty variable scope. Failed children count against ToleratedFailurePercentage and
 * ToleratedFailureCount, by items and against all items (developer guide, Distributed
 * Map); once the threshold is passed, the remaining children stay PENDING and the state
 * fails with States.ExceedToleratedFailureThreshold after the ResultWriter has written.
 */
export function runDistributedMap(call: StateCall): Promise<StateStep> {
  return runWithRetryAndCatch(call, async (retryCount) => {
    const items = await readDistributedItems(call, retryCount);
    const selected: JsonValue[] = [];
    for (const [index, item] of items.entries()) {
      selected.push(await selectItem(call, index, item, retryCount));
    }
    const { inputs, itemCounts } = await batchItems(call, selected, retryCount);
    await call.wholeNumber("MaxConcurrency", 0, { retryCount });
    const tolerance = await readTolerance(call, retryCount);

    const { identity, random } = call.runtime;
    const label =
      typeof call.state.Label === "string" ? call.state.Label : call.name;
    const mapRunId = random.uuid();
    const mapRunArn = `arn:aws:states:${identity.region}:${identity.accountId}:mapRun:${identity.stateMachineName}/${label}:${mapRunId}`;
    const children: ChildOutcome[] = [];
    let failedItems = 0;
    let exceeded = false;
    for (const [index, input] of inputs.entries()) {
      if (exceeded) {
        children.push(pendingChild(call, label, input));
        continue;
      }
      const child = await runChild(call, label, input);
      children.push(child);
      if (child.status === "FAILED") {
        failedItems += itemCounts[index];
        exceeded = exceedsTolerance(failedItems, items.length, tolerance);
      }
    }

    const written = isJsonObject(call.state.ResultWriter)
      ? await writeResults(call, mapRunArn, mapRunId, children, retryCount)
      : undefined;
    call.runtime.services.log.mapRuns.push({
      mapRunArn,
      state: call.path,
      items,
      failed: children
        .filter((child) => child.status === "FAILED")
        .map((child) => ({
          executionArn: child.executionArn,
          items: itemsOf(child.input, call.state.ItemBatcher !== undefined),
          error: child.error ?? "",
          cause: child.cause ?? "",
          exportedTo: written?.failedKey,
        })),
    });
    if (exceeded) {
      throw new StatesError(
        "States.ExceedToleratedFailureThreshold",
        `The Map Run ${mapRunArn} failed because ${failedItems} of ${items.length} items failed, more than it tolerates.`,
      );
    }
    const result: JsonValue = written
      ? {
          MapRunArn: mapRunArn,
          ResultWriterDetails: {
            Bucket: written.bucket,
            Key: written.manifestKey,
          },
        }
      : children.map((child) =>
          child.status === "SUCCEEDED"
            ? (child.output ?? null)
            : { Error: child.error ?? "", Cause: child.cause ?? "" },
        );
    return completeState(call, { result, retryCount }, call.next());
  });
}

async function readDistributedItems(
  call: StateCall,
  retryCount: number,
): Promise<JsonValue[]> {
  const reader = call.state.ItemReader;
  if (!isJsonObject(reader)) {
    return readItems(call, retryCount);
  }
  const location = call.where("ItemReader.Arguments");
  const args = await call.runtime.evaluator.template(
    reader.Arguments ?? {},
    call.scope({ retryCount }),
    location,
  );
  const { services } = call.runtime;
  try {
    return services.s3.listObjectsV2(
      new CallArguments(args, location, ["Bucket", "Prefix"]),
      (request) =>
        services.log.calls.push({
          state: call.path,
          resource: ITEM_READER_RESOURCE,
          arguments: request,
        }),
    );
  } catch (error) {
    if (error instanceof StatesError) {
      throw new StatesError("States.ItemReaderFailed", error.message);
    }
    throw error;
  }
}

async function readTolerance(
  call: StateCall,
  retryCount: number,
): Promise<Tolerance> {
  const percentage = await call.field("ToleratedFailurePercentage", {
    retryCount,
  });
  if (
    percentage !== undefined &&
    (typeof percentage !== "number" || percentage < 0 || percentage > 100)
  ) {
    throw new StatesError(
      "States.QueryEvaluationError",
      `${call.where("ToleratedFailurePercentage")} is ${JSON.stringify(percentage)}; expected a number from 0 to 100.`,
    );
  }
  const count = await call.wholeNumber("ToleratedFailureCount", 0, {
    retryCount,
  });
  return { percentage: typeof percentage === "number" ? percentage : 0, count };
}

function exceedsTolerance(
  failed: number,
  total: number,
  tolerance: Tolerance,
): boolean {
  if (tolerance.count !== undefined && failed > tolerance.count) {
    return true;
  }
  return (failed / total) * 100 > tolerance.percentage;
}

async function runChild(
  call: StateCall,
  label: string,
  input: JsonValue,
): Promise<ChildOutcome> {
  const execution = childExecution(call, label, input);
  const base = {
    executionArn: execution.id,
    name: execution.name,
    stateMachineArn: execution.stateMachineId,
    input,
    startDate: execution.startTime,
  };
  try {
    enforcePayloadLimit(
      input,
      `The input of child execution ${execution.id}`,
      false,
    );
    const output = await call.runtime.runMachine(
      call.state.ItemProcessor as JsonObject,
      input,
      { path: call.path, scope: new VariableScope(), execution },
    );
    return {
      ...base,
      stopDate: call.runtime.clock.nowIso(),
      status: "SUCCEEDED",
      output,
    };
  } catch (error) {
    if (!(error instanceof StatesError)) {
      throw error;
    }
    return {
      ...base,
      stopDate: call.runtime.clock.nowIso(),
      status: "FAILED",
      error: error.error,
      cause: error.cause,
    };
  }
}

function pendingChild(
  call: StateCall,
  label: string,
  input: JsonValue,
): ChildOutcome {
  const execution = childExecution(call, label, input);
  return {
    executionArn: execution.id,
    name: execution.name,
    stateMachineArn: execution.stateMachineId,
    input,
    startDate: "",
    stopDate: "",
    status: "PENDING",
  };
}

// Child executions are named `<state machine>/<label>:<id>` (developer guide, ResultWriter).
function childExecution(
  call: StateCall,
  label: string,
  input: JsonValue,
): ExecutionInfo {
  const { identity, random, clock } = call.runtime;
  const name = random.uuid();
  const place = `${identity.region}:${identity.accountId}`;
  return {
    id: `arn:aws:states:${place}:execution:${identity.stateMachineName}/${label}:${name}`,
    name,
    input,
    startTime: clock.nowIso(),
    roleArn: identity.roleArn,
    stateMachineId: `arn:aws:states:${place}:stateMachine:${identity.stateMachineName}/${label}`,
    stateMachineName: `${identity.stateMachineName}/${label}`,
  };
}

function itemsOf(input: JsonValue, batched: boolean): JsonValue[] {
  if (batched && isJsonObject(input) && Array.isArray(input.Items)) {
    return input.Items;
  }
  return [input];
}
