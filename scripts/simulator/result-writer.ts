import { CallArguments } from "./call-arguments";
import { StatesError } from "./errors";
import { JsonObject, JsonValue, isJsonObject } from "./json";
import type { StateCall } from "./state-call";
import { RESULT_WRITER_RESOURCE } from "./supported-fields";

/** End state of one child execution of a Map Run. */
export interface ChildOutcome {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly input: JsonValue;
  readonly startDate: string;
  readonly stopDate: string;
  readonly status: "SUCCEEDED" | "FAILED" | "PENDING";
  readonly output?: JsonValue;
  readonly error?: string;
  readonly cause?: string;
}

/** Locations of the files a ResultWriter wrote for a Map Run. */
export interface WrittenResults {
  readonly bucket: string;
  readonly manifestKey: string;
  /** Key of FAILED_0.json, when a child failed. */
  readonly failedKey?: string;
}

type Status = ChildOutcome["status"];

/**
 * Writes a Map Run's results the way a ResultWriter does: `SUCCEEDED_0.json`,
 * `FAILED_0.json` and `PENDING_0.json` for the children in each status that has any, and
 * `manifest.json` listing them, under `<Prefix><Map Run ID>/` (developer guide,
 * ResultWriter). NOTE: AWS splits files at 5 GB; the simulation writes one per status.
 */
export async function writeResults(
  call: StateCall,
  mapRunArn: string,
  mapRunId: string,
  children: readonly ChildOutcome[],
  retryCount: number,
): Promise<WrittenResults> {
  const writer = call.state.ResultWriter as JsonObject;
  const args = await call.runtime.evaluator.template(
    writer.Arguments ?? {},
    call.scope({ retryCount }),
    call.where("ResultWriter.Arguments"),
  );
  const parsed = new CallArguments(args, call.where("ResultWriter.Arguments"), [
    "Bucket",
    "Prefix",
  ]);
  const bucket = parsed.string("Bucket");
  const prefix = parsed.optionalString("Prefix") ?? "";
  const folder = `${prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`}${mapRunId}/`;

  const files: Record<Status, JsonObject[]> = {
    SUCCEEDED: [],
    FAILED: [],
    PENDING: [],
  };
  for (const [status, entries] of Object.entries(groupByStatus(children)) as [
    Status,
    JsonObject[],
  ][]) {
    if (entries.length > 0) {
      const key = `${folder}${status}_0.json`;
      const body = JSON.stringify(entries);
      write(call, bucket, key, body);
      files[status].push({ Key: key, Size: Buffer.byteLength(body, "utf8") });
    }
  }
  const manifestKey = `${folder}manifest.json`;
  write(
    call,
    bucket,
    manifestKey,
    JSON.stringify({
      DestinationBucket: bucket,
      MapRunArn: mapRunArn,
      ResultFiles: files,
    }),
  );
  const failed = files.FAILED[0];
  return {
    bucket,
    manifestKey,
    failedKey: isJsonObject(failed) ? String(failed.Key) : undefined,
  };
}

function groupByStatus(
  children: readonly ChildOutcome[],
): Record<Status, JsonObject[]> {
  const groups: Record<Status, JsonObject[]> = {
    SUCCEEDED: [],
    FAILED: [],
    PENDING: [],
  };
  for (const child of children) {
    groups[child.status].push(entryOf(child));
  }
  return groups;
}

function entryOf(child: ChildOutcome): JsonObject {
  const entry: JsonObject = {
    ExecutionArn: child.executionArn,
    Input: JSON.stringify(child.input),
    InputDetails: { Included: true },
    Name: child.name,
    RedriveCount: 0,
    RedriveStatus: child.status === "FAILED" ? "REDRIVABLE" : "NOT_REDRIVABLE",
    StartDate: child.startDate,
    StateMachineArn: child.stateMachineArn,
    Status: child.status,
    StopDate: child.stopDate,
  };
  if (child.output !== undefined) {
    entry.Output = JSON.stringify(child.output);
    entry.OutputDetails = { Included: true };
  }
  if (child.error !== undefined) {
    entry.Error = child.error;
    entry.Cause = child.cause ?? "";
  }
  return entry;
}

function write(
  call: StateCall,
  bucket: string,
  key: string,
  body: string,
): void {
  const { services } = call.runtime;
  const request = { Bucket: bucket, Key: key };
  try {
    services.s3.putObject(
      new CallArguments(request, call.where("ResultWriter"), ["Bucket", "Key"]),
      body,
    );
  } catch (error) {
    if (error instanceof StatesError) {
      services.log.calls.push({
        state: call.path,
        resource: RESULT_WRITER_RESOURCE,
        arguments: request,
        error: "States.ResultWriterFailed",
      });
      throw new StatesError("States.ResultWriterFailed", error.message);
    }
    throw error;
  }
  services.log.calls.push({
    state: call.path,
    resource: RESULT_WRITER_RESOURCE,
    arguments: request,
  });
}
