import { readFileSync } from "node:fs";
import * as path from "node:path";
import { REVIEW_PREFIXES } from "../../../stacks/stage-stack";
import type { CallRecord } from "../../../scripts/simulator/call-log";
import {
  parseFirehoseOutcomes,
  parseListing,
  parseResponses,
} from "../../../scripts/simulator/input-files";
import type { JsonObject, JsonValue } from "../../../scripts/simulator/json";
import type { RunReport } from "../../../scripts/simulator/run-report";
import type { ListedItem } from "../../../scripts/simulator/s3-service";
import { simulate } from "../../../scripts/simulator/simulation";
import type { SynthesizedStage } from "../../../scripts/simulator/synthesized-stage";

/** Folder of the hand-made fixtures. */
export const FIXTURES = path.join(
  __dirname,
  "..",
  "..",
  "fixtures",
  "workflow",
);

/** Reads a hand-made Textract response from the fixtures. */
export function textractFixture(name: string): JsonObject {
  return JSON.parse(
    readFileSync(path.join(FIXTURES, "textract", `${name}.json`), "utf8"),
  ) as JsonObject;
}

/** Builds one listObjectsV2 ItemReader item. */
export function listed(key: string, size = 48_213, etag?: string): ListedItem {
  return {
    Etag:
      etag ??
      `"${Buffer.from(key).toString("hex").slice(-32).padStart(32, "0")}"`,
    Key: key,
    LastModified: 1_796_371_200,
    Size: size,
    StorageClass: "STANDARD",
  };
}

/** What one simulated run gets. */
export interface RunCase {
  readonly objects: readonly ListedItem[];
  /** The responses file's content: S3 key to response, error or list of them. */
  readonly responses: Readonly<Record<string, unknown>>;
  /** The Firehose outcomes file's content. */
  readonly firehose?: readonly unknown[];
  readonly now?: string;
  readonly input?: JsonObject;
}

/** Runs the stage's definition once, with the inputs checked as the CLI checks them. */
export async function runOnce(
  stage: SynthesizedStage,
  runCase: RunCase,
): Promise<RunReport> {
  const [report] = await simulate({
    stage,
    objects: parseListing(runCase.objects, "objects"),
    responses: parseResponses(runCase.responses, "responses"),
    firehose: parseFirehoseOutcomes(runCase.firehose ?? [], "firehose"),
    runs: [
      {
        now: new Date(runCase.now ?? "2026-12-04T06:00:00Z"),
        objects: [],
        input: runCase.input,
      },
    ],
    reviewPrefix: REVIEW_PREFIXES.review,
  });
  return report;
}

/**
 * Counts the calls of a run by resource, without the `arn:aws:states:::` prefix:
 * `s3:putObject` is the ResultWriter, `aws-sdk:s3:putObject` a review note.
 */
export function callCounts(report: RunReport): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of report.calls) {
    const name = call.resource.replace("arn:aws:states:::", "");
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

/** Returns the calls of a run to one resource, named as in callCounts. */
export function callsTo(report: RunReport, name: string): CallRecord[] {
  return report.calls.filter(
    (call) => call.resource === `arn:aws:states:::${name}`,
  );
}

/** Builds the staging record of a run on `processedDate` with the given column values. */
export function recordOf(
  key: string,
  etag: string,
  answers: Readonly<Record<string, JsonValue>>,
  processedDate = "2026-12-04",
): JsonObject {
  return {
    full_name: null,
    email: null,
    phone_number: null,
    mailing_address: null,
    interest: null,
    processed_date: processedDate,
    source_key: key,
    source_etag: etag,
    execution_arn: expect.stringMatching(
      /^arn:aws:states:eu-west-1:111111111111:execution:forms-to-tables-staging-extract-forms:[0-9a-f-]{36}$/,
    ) as unknown as string,
    min_confidence: 80,
    low_confidence_fields: null,
    archive_key: `processed/${processedDate}/${key.replace(/^incoming\//, "")}`,
    ...answers,
  };
}
