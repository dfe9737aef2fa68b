import type { JsonObject } from "../../scripts/simulator/json";
import { REVIEW_PREFIXES } from "../../stacks/stage-stack";
import {
  parseListing,
  parseResponses,
} from "../../scripts/simulator/input-files";
import { simulate } from "../../scripts/simulator/simulation";
import {
  callCounts,
  callsTo,
  listed,
  recordOf,
  runOnce,
  textractFixture,
} from "./support/simulation";
import { useSynthesizedStages } from "./support/stages";

jest.setTimeout(60_000);

const stages = useSynthesizedStages();

const JANE = listed(
  "incoming/jane.pdf",
  48_213,
  '"5d41402abc4b2a76b9719d911017c592"',
);
const OMAR = listed(
  "incoming/2026/omar haddad+1.pdf",
  51_200,
  '"7d793037a0760186574b0282f2f435e7"',
);

const JANE_RECORD = {
  full_name: "Jane Doe",
  email: "jane.doe@example.com",
  phone_number: "+1 555 0100",
  mailing_address: "1 Main Street, Springfield",
  interest: "Solar panels",
};

// One form through to the table: the overlap check, listing, Textract, Firehose, copy
// and delete, and the two ResultWriter files.
const DELIVERED_CALLS = {
  "aws-sdk:sfn:listExecutions": 1,
  "s3:listObjectsV2": 1,
  "aws-sdk:textract:analyzeDocument": 1,
  "aws-sdk:firehose:putRecordBatch": 1,
  "aws-sdk:s3:copyObject": 1,
  "aws-sdk:s3:deleteObject": 1,
  "s3:putObject": 2,
};

// One form to review: the overlap check, no Firehose call, a note, copy and delete.
const REVIEWED_CALLS = {
  "aws-sdk:sfn:listExecutions": 1,
  "s3:listObjectsV2": 1,
  "aws-sdk:textract:analyzeDocument": 1,
  "aws-sdk:s3:putObject": 1,
  "aws-sdk:s3:copyObject": 1,
  "aws-sdk:s3:deleteObject": 1,
  "s3:putObject": 2,
};

describe("form with every answer", () => {
  it("becomes one trimmed record", async () => {
    const report = await runOnce(stages().staging, {
      objects: [JANE],
      responses: { [JANE.Key]: textractFixture("complete-form") },
    });
    expect(report.status).toBe("SUCCEEDED");
    expect(report.records).toEqual([
      recordOf(JANE.Key, JANE.Etag, JANE_RECORD),
    ]);
    expect(report.review).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(report.remainingInputKeys).toEqual([]);
    expect(callCounts(report)).toEqual(DELIVERED_CALLS);
  });

  it("asks Textract the five aliased queries", async () => {
    const report = await runOnce(stages().staging, {
      objects: [JANE],
      responses: { [JANE.Key]: textractFixture("complete-form") },
    });
    const [call] = callsTo(report, "aws-sdk:textract:analyzeDocument");
    expect(call.arguments).toEqual({
      Document: {
        S3Object: { Bucket: stages().staging.inputBucket, Name: JANE.Key },
      },
      FeatureTypes: ["QUERIES"],
      QueriesConfig: {
        Queries: [
          { Text: "What is the customer's full name?", Alias: "full_name" },
          { Text: "What is the customer's email address?", Alias: "email" },
          {
            Text: "What is the customer's phone number?",
            Alias: "phone_number",
          },
          {
            Text: "What is the customer's mailing address?",
            Alias: "mailing_address",
          },
          { Text: "What is the customer interested in?", Alias: "interest" },
        ],
      },
    });
  });

  it("moves the exact listed version to processed/", async () => {
    const report = await runOnce(stages().staging, {
      objects: [OMAR],
      responses: { [OMAR.Key]: textractFixture("complete-form") },
    });
    const [copy] = callsTo(report, "aws-sdk:s3:copyObject");
    const [remove] = callsTo(report, "aws-sdk:s3:deleteObject");
    expect(copy.arguments).toEqual({
      Bucket: stages().staging.reviewBucket,
      Key: "processed/2026-12-04/2026/omar haddad+1.pdf",
      CopySource: `${stages().staging.inputBucket}/incoming/2026/omar%20haddad%2B1.pdf`,
      CopySourceIfMatch: OMAR.Etag,
    });
    expect(remove.arguments).toEqual({
      Bucket: stages().staging.inputBucket,
      Key: OMAR.Key,
      VersionId: "simulated-version-000001",
    });
    expect(report.remainingInputKeys).toEqual([]);
  });

  it("flags answers below the prod threshold", async () => {
    const report = await runOnce(stages().prod, {
      objects: [JANE],
      responses: { [JANE.Key]: textractFixture("complete-form") },
    });
    expect(report.records).toEqual([
      {
        ...recordOf(JANE.Key, JANE.Etag, JANE_RECORD),
        execution_arn: expect.stringContaining(
          ":forms-to-tables-prod-extract-forms:",
        ),
        min_confidence: 90,
        low_confidence_fields: "mailing_address",
      },
    ]);
    expect(report.review).toEqual([]);
  });
});

describe("pairing answers with queries", () => {
  it("keeps an unanswered query before answered ones null", async () => {
    const form = listed("incoming/omar.pdf");
    const report = await runOnce(stages().staging, {
      objects: [form],
      responses: { [form.Key]: textractFixture("unanswered-query-first") },
    });
    expect(report.records).toEqual([
      recordOf(form.Key, form.Etag, {
        full_name: "Omar Haddad",
        email: "omar@example.org",
        phone_number: "030 1234567",
        interest: "Heat pumps",
      }),
    ]);
    expect(report.review).toEqual([]);
    expect(callCounts(report)).toEqual(DELIVERED_CALLS);
  });

  it("takes the most confident of several answers", async () => {
    const form = listed("incoming/several.pdf");
    const report = await runOnce(stages().staging, {
      objects: [form],
      responses: { [form.Key]: textractFixture("several-answers") },
    });
    expect(report.records).toEqual([
      recordOf(form.Key, form.Etag, {
        full_name: "Jane Doe",
        email: "jane@example.com",
        interest: "Batteries",
      }),
    ]);
    expect(callCounts(report)).toEqual(DELIVERED_CALLS);
  });

  it("matches queries without alias by text", async () => {
    const form = listed("incoming/grace.pdf");
    const report = await runOnce(stages().staging, {
      objects: [form],
      responses: { [form.Key]: textractFixture("no-alias") },
    });
    expect(report.records).toEqual([
      recordOf(form.Key, form.Etag, {
        full_name: "Grace Hopper",
        phone_number: "555 0142",
        mailing_address: "7 Navy Yard",
        interest: "Wind turbines",
      }),
    ]);
    expect(callCounts(report)).toEqual(DELIVERED_CALLS);
  });

  it("handles a response with a single query", async () => {
    const form = listed("incoming/ada.pdf");
    const report = await runOnce(stages().staging, {
      objects: [form],
      responses: { [form.Key]: textractFixture("single-query") },
    });
    expect(report.records).toEqual([]);
    expect(report.review).toEqual([
      {
        key: form.Key,
        reason:
          "MissingOrDoubtfulAnswers: email is missing; phone_number is missing.",
        location: "review/ada.pdf.json",
      },
    ]);
    expect(callCounts(report)).toEqual(REVIEWED_CALLS);
  });

  it("nulls a blank answer and flags a doubtful one", async () => {
    const form = listed("incoming/maria.pdf");
    const report = await runOnce(stages().staging, {
      objects: [form],
      responses: { [form.Key]: textractFixture("doubtful-address") },
    });
    expect(report.records).toEqual([
      recordOf(form.Key, form.Etag, {
        full_name: "Maria Rossi",
        phone_number: "+39 06 1234",
        mailing_address: "Via Roma 1",
        low_confidence_fields: "mailing_address",
      }),
    ]);
  });
});

describe("low confidence", () => {
  const form = listed(
    "incoming/li.pdf",
    40_000,
    '"0cc175b9c0f1b6a831c399e269772661"',
  );

  it("sends the form to review with the fields", async () => {
    const report = await runOnce(stages().staging, {
      objects: [form],
      responses: { [form.Key]: textractFixture("low-confidence") },
    });
    expect(report.records).toEqual([]);
    expect(report.review).toEqual([
      {
        key: form.Key,
        reason:
          "MissingOrDoubtfulAnswers: email has confidence 62.5, below 80; phone_number has confidence 41, below 80.",
        location: "review/li.pdf.json",
      },
    ]);
    expect(report.remainingInputKeys).toEqual([]);
    expect(callCounts(report)).toEqual(REVIEWED_CALLS);
  });

  it("writes a note with the answers next to the PDF", async () => {
    const report = await runOnce(stages().staging, {
      objects: [form],
      responses: { [form.Key]: textractFixture("low-confidence") },
    });
    const [note] = callsTo(report, "aws-sdk:s3:putObject");
    const [copy] = callsTo(report, "aws-sdk:s3:copyObject");
    const args = note.arguments as JsonObject;
    expect(args.Key).toBe("review/li.pdf.json");
    expect(args.ContentType).toBe("application/json");
    expect(JSON.parse(String(args.Body))).toEqual({
      source_key: form.Key,
      source_etag: form.Etag,
      reason:
        "MissingOrDoubtfulAnswers: email has confidence 62.5, below 80; phone_number has confidence 41, below 80.",
      answers: {
        full_name: { text: "Li Wei", confidence: 96 },
        email: { text: "li.wei@example.net", confidence: 62.5 },
        phone_number: { text: "555 0199", confidence: 41 },
        mailing_address: { text: "5 Harbour Road", confidence: 90 },
        interest: { text: "Insulation", confidence: 89 },
      },
      record: null,
      processed_date: "2026-12-04",
      execution_arn: expect.stringContaining(
        ":execution:forms-to-tables-staging-extract-forms:",
      ),
      min_confidence: 80,
    });
    expect((copy.arguments as JsonObject).Key).toBe("review/li.pdf");
  });
});

describe("objects that are not forms", () => {
  it("skips folders, empty objects and other files", async () => {
    const objects = [
      listed("incoming/", 0),
      listed("incoming/UPPER.PDF"),
      listed("incoming/empty.pdf", 0),
      listed("incoming/readme.txt", 120),
      listed("incoming/scans/", 0),
    ];
    const report = await runOnce(stages().staging, {
      objects,
      responses: { "incoming/UPPER.PDF": textractFixture("complete-form") },
    });
    const upper = objects[1];
    expect(report.records).toEqual([
      recordOf(upper.Key, upper.Etag, JANE_RECORD),
    ]);
    expect(report.review).toEqual([]);
    expect(report.skipped).toEqual([
      "incoming/",
      "incoming/empty.pdf",
      "incoming/readme.txt",
      "incoming/scans/",
    ]);
    expect(report.remainingInputKeys).toEqual(report.skipped);
    expect(callCounts(report)).toEqual(DELIVERED_CALLS);
  });

  it("reviews an oversize PDF without Textract", async () => {
    const big = listed("incoming/scan-600dpi.pdf", 10_000_001);
    const limit = listed("incoming/at-limit.pdf", 10_000_000);
    const report = await runOnce(stages().staging, {
      objects: [big, limit],
      responses: { [limit.Key]: textractFixture("complete-form") },
    });
    expect(report.records).toEqual([
      recordOf(limit.Key, limit.Etag, JANE_RECORD),
    ]);
    expect(report.review).toEqual([
      {
        key: big.Key,
        reason:
          "DocumentTooLarge: the PDF has 10000001 bytes, more than the 10000000 bytes that synchronous Textract AnalyzeDocument accepts; split or compress it.",
        location: "review/scan-600dpi.pdf.json",
      },
    ]);
    expect(
      callsTo(report, "aws-sdk:textract:analyzeDocument").map(
        (call) =>
          (call.arguments as { Document: { S3Object: { Name: string } } })
            .Document.S3Object.Name,
      ),
    ).toEqual([limit.Key]);
  });
});

describe("Textract errors", () => {
  const form = listed("incoming/retry.pdf");

  it("retries throttling until it succeeds", async () => {
    const report = await runOnce(stages().staging, {
      objects: [form],
      responses: {
        [form.Key]: [
          { error: "ThrottlingException", cause: "Rate exceeded" },
          {
            error: "ProvisionedThroughputExceededException",
            cause: "TPS quota exceeded",
          },
          { error: "InternalServerError", cause: "Internal error" },
          textractFixture("complete-form"),
        ],
      },
    });
    expect(report.records).toEqual([
      recordOf(form.Key, form.Etag, JANE_RECORD),
    ]);
    expect(
      callsTo(report, "aws-sdk:textract:analyzeDocument").map(
        (call) => call.error,
      ),
    ).toEqual([
      "Textract.ThrottlingException",
      "Textract.ProvisionedThroughputExceededException",
      "Textract.InternalServerErrorException",
      undefined,
    ]);
    expect(report.waits.map((wait) => [wait.kind, wait.error])).toEqual([
      ["retry", "Textract.ThrottlingException"],
      ["retry", "Textract.ProvisionedThroughputExceededException"],
      ["retry", "Textract.InternalServerErrorException"],
    ]);
    // Full jitter: each delay lies between 0 and 2, 4 and 8 seconds.
    report.waits.forEach((wait, index) => {
      expect(wait.seconds).toBeGreaterThanOrEqual(0);
      expect(wait.seconds).toBeLessThanOrEqual(2 * 2 ** index);
    });
    expect(callCounts(report)).toEqual({
      ...DELIVERED_CALLS,
      "aws-sdk:textract:analyzeDocument": 4,
    });
  });

  it("reviews the form when retries run out", async () => {
    const report = await runOnce(stages().staging, {
      objects: [form],
      responses: {
        [form.Key]: { error: "ThrottlingException", cause: "Rate exceeded" },
      },
    });
    expect(report.status).toBe("SUCCEEDED");
    expect(report.records).toEqual([]);
    expect(report.review).toEqual([
      {
        key: form.Key,
        reason: "Textract.ThrottlingException: Rate exceeded",
        location: "review/retry.pdf.json",
      },
    ]);
    expect(report.waits).toHaveLength(5);
    report.waits.forEach((wait, index) => {
      expect(wait.seconds).toBeLessThanOrEqual(Math.min(60, 2 * 2 ** index));
    });
    expect(callCounts(report)).toEqual({
      ...REVIEWED_CALLS,
      "aws-sdk:textract:analyzeDocument": 6,
    });
  });

  it("reviews an unsupported document at once", async () => {
    const report = await runOnce(stages().staging, {
      objects: [form],
      responses: {
        [form.Key]: {
          error: "UnsupportedDocumentException",
          cause: "Request has unsupported document format",
        },
      },
    });
    expect(report.review).toEqual([
      {
        key: form.Key,
        reason:
          "Textract.UnsupportedDocumentException: Request has unsupported document format",
        location: "review/retry.pdf.json",
      },
    ]);
    expect(report.waits).toEqual([]);
    expect(callCounts(report)).toEqual(REVIEWED_CALLS);
  });

  it("reviews a response over 256 KiB", async () => {
    const big = inflate(textractFixture("complete-form"), 300 * 1024);
    const size = Buffer.byteLength(JSON.stringify(big), "utf8");
    const report = await runOnce(stages().staging, {
      objects: [form],
      responses: { [form.Key]: big },
    });
    expect(report.status).toBe("SUCCEEDED");
    expect(report.records).toEqual([]);
    expect(report.review).toEqual([
      {
        key: form.Key,
        reason: `States.DataLimitExceeded: the Textract response is larger than the 256 KiB Step Functions payload limit. The result of state ProcessForms/AnalyzeForms/AnalyzeDocument has ${size} bytes, more than the 262144 bytes Step Functions allows.`,
        location: "review/retry.pdf.json",
      },
    ]);
    expect(callCounts(report)).toEqual(REVIEWED_CALLS);
  });
});

describe("Firehose delivery", () => {
  const jane = listed("incoming/a-jane.pdf");
  const omar = listed("incoming/b-omar.pdf");
  const responses = {
    [jane.Key]: textractFixture("complete-form"),
    [omar.Key]: textractFixture("unanswered-query-first"),
  };
  const omarRecord = {
    full_name: "Omar Haddad",
    email: "omar@example.org",
    phone_number: "030 1234567",
    interest: "Heat pumps",
  };
  const partialFailure = {
    FailedPutCount: 1,
    RequestResponses: [
      { RecordId: "record-1" },
      { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." },
    ],
  };
  const secondFailed = {
    FailedPutCount: 1,
    RequestResponses: [
      { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down." },
    ],
  };

  it("resends only the failed entries", async () => {
    const report = await runOnce(stages().staging, {
      objects: [jane, omar],
      responses,
      firehose: [partialFailure],
    });
    expect(report.records).toEqual([
      recordOf(jane.Key, jane.Etag, JANE_RECORD),
      recordOf(omar.Key, omar.Etag, omarRecord),
    ]);
    expect(report.review).toEqual([]);
    const puts = callsTo(report, "aws-sdk:firehose:putRecordBatch");
    expect(
      puts.map(
        (call) => (call.arguments as { Records: unknown[] }).Records.length,
      ),
    ).toEqual([2, 1]);
    expect(report.waits).toEqual([
      {
        state: "ProcessForms/DeliverRecords/WaitBeforeResend",
        kind: "wait",
        seconds: 2,
      },
    ]);
    expect(report.remainingInputKeys).toEqual([]);
  });

  it("reviews records still failing after four attempts", async () => {
    const report = await runOnce(stages().staging, {
      objects: [jane, omar],
      responses,
      firehose: [partialFailure, secondFailed, secondFailed, secondFailed],
    });
    expect(report.records).toEqual([
      recordOf(jane.Key, jane.Etag, JANE_RECORD),
    ]);
    expect(report.review).toEqual([
      {
        key: omar.Key,
        reason:
          "FirehoseRejected: ServiceUnavailableException: Slow down. (after 4 attempts).",
        location: "review/b-omar.pdf.json",
      },
    ]);
    expect(report.waits.map((wait) => wait.seconds)).toEqual([2, 4, 8]);
    expect(callCounts(report)).toEqual({
      "aws-sdk:sfn:listExecutions": 1,
      "s3:listObjectsV2": 1,
      "aws-sdk:textract:analyzeDocument": 2,
      "aws-sdk:firehose:putRecordBatch": 4,
      "aws-sdk:s3:putObject": 1,
      "aws-sdk:s3:copyObject": 2,
      "aws-sdk:s3:deleteObject": 2,
      "s3:putObject": 2,
    });
  });

  it("makes no call for an empty batch", async () => {
    const report = await runOnce(stages().staging, {
      objects: [listed("incoming/notes.txt")],
      responses: {},
    });
    expect(report.records).toEqual([]);
    expect(callCounts(report)).toEqual({
      "aws-sdk:sfn:listExecutions": 1,
      "s3:listObjectsV2": 1,
      "s3:putObject": 2,
    });
  });

  it("exports the batch as failed items when Firehose is down", async () => {
    const report = await runOnce(stages().staging, {
      objects: [jane],
      responses,
      firehose: Array.from({ length: 5 }, () => ({
        error: "ServiceUnavailableException",
        cause: "Service unavailable.",
      })),
    });
    expect(report.status).toBe("FAILED");
    expect(report.error).toBe("States.ExceedToleratedFailureThreshold");
    expect(report.records).toEqual([]);
    expect(report.review).toEqual([
      {
        key: jane.Key,
        reason: "Firehose.ServiceUnavailableException: Service unavailable.",
        location: expect.stringMatching(
          /^map-results\/[0-9a-f-]{36}\/FAILED_0\.json$/,
        ),
      },
    ]);
    expect(report.remainingInputKeys).toEqual([jane.Key]);
    expect(callCounts(report)).toEqual({
      "aws-sdk:sfn:listExecutions": 1,
      "s3:listObjectsV2": 1,
      "aws-sdk:textract:analyzeDocument": 1,
      "aws-sdk:firehose:putRecordBatch": 5,
      "s3:putObject": 2,
    });
  });
});

describe("runs", () => {
  it("picks up a late upload in the next run", async () => {
    const first = listed("incoming/first.pdf");
    const late = listed("incoming/late.pdf");
    const reports = await simulate({
      stage: stages().staging,
      objects: parseListing([first], "objects"),
      responses: parseResponses(
        {
          [first.Key]: textractFixture("complete-form"),
          [late.Key]: textractFixture("no-alias"),
        },
        "responses",
      ),
      runs: [
        { now: new Date("2026-12-04T06:00:00Z"), objects: [] },
        { now: new Date("2026-12-05T06:00:00Z"), objects: [late] },
      ],
      reviewPrefix: REVIEW_PREFIXES.review,
    });
    expect(reports.map((report) => report.records)).toEqual([
      [recordOf(first.Key, first.Etag, JANE_RECORD)],
      [
        recordOf(
          late.Key,
          late.Etag,
          {
            full_name: "Grace Hopper",
            phone_number: "555 0142",
            mailing_address: "7 Navy Yard",
            interest: "Wind turbines",
          },
          "2026-12-05",
        ),
      ],
    ]);
    expect(reports.map((report) => callCounts(report))).toEqual([
      DELIVERED_CALLS,
      DELIVERED_CALLS,
    ]);
    expect(reports.map((report) => report.remainingInputKeys)).toEqual([
      [],
      [],
    ]);
  });

  it("dates a run started by hand by its start time", async () => {
    const report = await runOnce(stages().staging, {
      objects: [JANE],
      responses: { [JANE.Key]: textractFixture("complete-form") },
      now: "2026-12-06T23:30:00.250Z",
      input: {},
    });
    expect(report.records).toEqual([
      recordOf(JANE.Key, JANE.Etag, JANE_RECORD, "2026-12-06"),
    ]);
  });
});

// Adds WORD blocks, 500 at a time, until the compact JSON of the response has at least
// `bytes` bytes.
function inflate(response: JsonObject, bytes: number): JsonObject {
  const blocks = [...(response.Blocks as JsonObject[])];
  while (
    Buffer.byteLength(JSON.stringify({ ...response, Blocks: blocks })) < bytes
  ) {
    const start = blocks.length;
    for (let index = start; index < start + 500; index += 1) {
      blocks.push({
        BlockType: "WORD",
        Confidence: 99,
        Text: `filler-${index}`,
        TextType: "PRINTED",
        Id: `word0000-0000-4000-9000-${String(index).padStart(12, "0")}`,
      });
    }
  }
  return { ...response, Blocks: blocks };
}
