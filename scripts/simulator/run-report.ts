import type { CallRecord, RunLog, WaitRecord } from "./call-log";
import type { AcceptedRecord } from "./firehose-service";
import { JsonValue, isJsonObject } from "./json";
import type { S3Store } from "./s3-store";

const PUT_OBJECT = "arn:aws:states:::aws-sdk:s3:putObject";

/** One form sent to review, and where a person finds it. */
export interface ReviewEntry {
  readonly key: string;
  readonly reason: string;
  /** Key of the review note, or of the FAILED_n.json file that exported the form. */
  readonly location: string;
}

/** Report of one simulated run. */
export interface RunReport {
  /** Number of the run, from 1. */
  readonly run: number;
  /** Start time of the execution. */
  readonly startTime: string;
  readonly status: "SUCCEEDED" | "FAILED" | "TIMED_OUT";
  /** Output of an execution that succeeded. */
  readonly output?: JsonValue;
  readonly error?: string;
  readonly cause?: string;
  /** Decoded Data of every record Firehose accepted. */
  readonly records: readonly JsonValue[];
  readonly review: readonly ReviewEntry[];
  /** Listed keys that went neither to Textract nor to review. */
  readonly skipped: readonly string[];
  /** Keys under the input prefix after the run: what the next run lists. */
  readonly remainingInputKeys: readonly string[];
  readonly calls: readonly CallRecord[];
  readonly waits: readonly WaitRecord[];
}

/** Sources of a run report: the run's log, the buckets and the service ledgers. */
export interface ReportSources {
  readonly log: RunLog;
  readonly store: S3Store;
  /** Records Firehose accepted during this run. */
  readonly accepted: readonly AcceptedRecord[];
  /** Keys sent to Textract during this run. */
  readonly analyzedKeys: readonly string[];
  readonly inputBucket: string;
  readonly inputPrefix: string;
  readonly reviewBucket: string;
  /** Prefix of the review notes, such as `review/`. */
  readonly reviewPrefix: string;
}

/**
 * Builds the report of one run. Review entries come from two places: the JSON notes the
 * workflow wrote under the review prefix (their `source_key` and `reason`), and the items
 * of failed child executions that a ResultWriter exported, whose reason is the child's
 * error and cause.
 */
export function buildRunReport(
  header: Pick<
    RunReport,
    "run" | "startTime" | "status" | "output" | "error" | "cause"
  >,
  sources: ReportSources,
): RunReport {
  const review = [...reviewNotes(sources), ...exportedFailures(sources.log)];
  const handled = new Set([
    ...sources.analyzedKeys,
    ...review.map((entry) => entry.key),
  ]);
  const skipped = listedKeys(sources.log).filter((key) => !handled.has(key));
  return {
    ...header,
    records: sources.accepted.map((record) => record.data),
    review,
    skipped,
    remainingInputKeys: sources.store
      .list(sources.inputBucket, sources.inputPrefix)
      .map((entry) => entry.key),
    calls: sources.log.calls,
    waits: sources.log.waits,
  };
}

function reviewNotes(sources: ReportSources): ReviewEntry[] {
  const entries: ReviewEntry[] = [];
  for (const call of sources.log.calls) {
    const args = call.arguments;
    if (
      call.resource !== PUT_OBJECT ||
      call.error !== undefined ||
      !isJsonObject(args) ||
      args.Bucket !== sources.reviewBucket ||
      typeof args.Key !== "string" ||
      !args.Key.startsWith(sources.reviewPrefix) ||
      !args.Key.endsWith(".json") ||
      typeof args.Body !== "string"
    ) {
      continue;
    }
    const note = parseNote(args.Body);
    if (note) {
      entries.push({ key: note.key, reason: note.reason, location: args.Key });
    }
  }
  return entries;
}

function exportedFailures(log: RunLog): ReviewEntry[] {
  return log.mapRuns.flatMap((mapRun) =>
    mapRun.failed.flatMap((child) =>
      child.items.map((item) => ({
        key:
          isJsonObject(item) && typeof item.Key === "string"
            ? item.Key
            : JSON.stringify(item),
        reason: `${child.error}: ${child.cause}`,
        location: child.exportedTo ?? child.executionArn,
      })),
    ),
  );
}

function listedKeys(log: RunLog): string[] {
  return log.mapRuns.flatMap((mapRun) =>
    mapRun.items
      .map((item) =>
        isJsonObject(item) && typeof item.Key === "string" ? item.Key : "",
      )
      .filter((key) => key !== ""),
  );
}

function parseNote(body: string): { key: string; reason: string } | undefined {
  try {
    const note: unknown = JSON.parse(body);
    if (
      isJsonObject(note) &&
      typeof note.source_key === "string" &&
      typeof note.reason === "string"
    ) {
      return { key: note.source_key, reason: note.reason };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
