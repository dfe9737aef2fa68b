import { StatesError, UnsupportedFeatureError } from "./errors";
import { JsonObject, JsonValue, isJsonObject, jsonByteLength } from "./json";
import { PAYLOAD_LIMIT_BYTES } from "./payload-limit";
import type { StateCall } from "./state-call";

/** The inputs of a Distributed Map's child executions and the items each one holds. */
export interface ChildInputs {
  readonly inputs: readonly JsonValue[];
  readonly itemCounts: readonly number[];
}

/**
 * Groups items into child inputs `{"BatchInput": ..., "Items": [...]}` of at most
 * MaxItemsPerBatch items and MaxInputBytesPerBatch bytes, 256 KiB when that is unset
 * (developer guide, ItemBatcher). Without an ItemBatcher each item is a child's input.
 */
export async function batchItems(
  call: StateCall,
  items: readonly JsonValue[],
  retryCount: number,
): Promise<ChildInputs> {
  const batcher = call.state.ItemBatcher;
  if (!isJsonObject(batcher)) {
    return { inputs: items, itemCounts: items.map(() => 1) };
  }
  const maxItems = await limit(call, batcher, "MaxItemsPerBatch", retryCount);
  const maxBytes = await limit(
    call,
    batcher,
    "MaxInputBytesPerBatch",
    retryCount,
  );
  if (maxItems === undefined && maxBytes === undefined) {
    throw new UnsupportedFeatureError(
      `State ${call.path} has an ItemBatcher without MaxItemsPerBatch or MaxInputBytesPerBatch; set at least one.`,
    );
  }
  const batchInput =
    batcher.BatchInput === undefined
      ? undefined
      : await call.runtime.evaluator.template(
          batcher.BatchInput,
          call.scope({ retryCount }),
          call.where("ItemBatcher.BatchInput"),
        );

  const byteLimit = Math.min(
    maxBytes ?? PAYLOAD_LIMIT_BYTES,
    PAYLOAD_LIMIT_BYTES,
  );
  const batches: JsonValue[][] = [];
  let current: JsonValue[] = [];
  for (const item of items) {
    const candidate = [...current, item];
    const full =
      current.length > 0 &&
      ((maxItems !== undefined && candidate.length > maxItems) ||
        jsonByteLength(childInput(batchInput, candidate)) > byteLimit);
    if (full) {
      batches.push(current);
      current = [item];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) {
    batches.push(current);
  }
  return {
    inputs: batches.map((batch) => childInput(batchInput, batch)),
    itemCounts: batches.map((batch) => batch.length),
  };
}

function childInput(
  batchInput: JsonValue | undefined,
  items: JsonValue[],
): JsonObject {
  return batchInput === undefined
    ? { Items: items }
    : { BatchInput: batchInput, Items: items };
}

async function limit(
  call: StateCall,
  batcher: JsonObject,
  field: string,
  retryCount: number,
): Promise<number | undefined> {
  if (batcher[field] === undefined) {
    return undefined;
  }
  const location = call.where(`ItemBatcher.${field}`);
  const value = await call.runtime.evaluator.template(
    batcher[field],
    call.scope({ retryCount }),
    location,
  );
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new StatesError(
      "States.QueryEvaluationError",
      `${location} is ${JSON.stringify(value)}; expected a whole number of at least 1.`,
    );
  }
  return value;
}
