import { CallArguments } from "./call-arguments";
import { InputFileError, StatesError } from "./errors";
import type { FirehoseOutcome } from "./input-files";
import { JsonObject, JsonValue, isJsonObject } from "./json";
import { sdkError } from "./service-errors";

// PutRecordBatch limits: 500 records, 1,000 KiB per record and 4 MiB per request
// (Firehose API reference, PutRecordBatch).
const MAX_RECORDS = 500;
const MAX_RECORD_BYTES = 1000 * 1024;
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/** One record Firehose accepted. */
export interface AcceptedRecord {
  /** The record's Data parsed as JSON, or the text when it is not JSON. */
  readonly data: JsonValue;
}

/**
 * Firehose PutRecordBatch, answered from the outcomes file: call N takes entry N, and
 * every call after the last entry succeeds for all its records.
 */
export class FirehoseService {
  /** Records Firehose accepted, in order. */
  readonly accepted: AcceptedRecord[] = [];
  private callCount = 0;

  constructor(
    private readonly streamNames: readonly string[],
    private readonly answers: readonly FirehoseOutcome[],
    private readonly outcomesFile: string,
  ) {}

  putRecordBatch(args: CallArguments): JsonObject {
    const stream = args.string("DeliveryStreamName");
    const records = args.array("Records");
    const data = records.map((record, index) =>
      dataOf(record, args.where(`Records[${index}]`)),
    );
    this.checkLimits(data);
    if (!this.streamNames.includes(stream)) {
      throw sdkError(
        "Firehose",
        "ResourceNotFoundException",
        `Delivery stream ${stream} was not found.`,
      );
    }
    const answer = this.answers[this.callCount];
    this.callCount += 1;
    if (answer?.kind === "error") {
      throw sdkError("Firehose", answer.code, answer.cause);
    }
    const response = answer ? answer.response : this.success(data.length);
    this.recordAccepted(response, data);
    return response;
  }

  private checkLimits(data: readonly string[]): void {
    if (data.length < 1 || data.length > MAX_RECORDS) {
      throw invalidArgument(
        `Records has ${data.length} entries; PutRecordBatch accepts 1 to ${MAX_RECORDS}.`,
      );
    }
    let total = 0;
    for (const [index, text] of data.entries()) {
      const size = Buffer.byteLength(text, "utf8");
      total += size;
      if (size > MAX_RECORD_BYTES) {
        throw invalidArgument(
          `Record ${index} has ${size} bytes; the limit is ${MAX_RECORD_BYTES}.`,
        );
      }
    }
    if (total > MAX_REQUEST_BYTES) {
      throw invalidArgument(
        `The records have ${total} bytes together; the limit per request is ${MAX_REQUEST_BYTES}.`,
      );
    }
  }

  private recordAccepted(response: JsonObject, data: readonly string[]): void {
    const responses = response.RequestResponses;
    if (!Array.isArray(responses) || responses.length !== data.length) {
      throw new InputFileError(
        `Entry ${this.callCount - 1} of ${this.outcomesFile} has ${Array.isArray(responses) ? responses.length : "no"} RequestResponses, but PutRecordBatch call ${this.callCount} sent ${data.length} records; give one entry per record, in order.`,
      );
    }
    responses.forEach((entry, index) => {
      if (isJsonObject(entry) && entry.ErrorCode === undefined) {
        this.accepted.push({ data: parseData(data[index]) });
      }
    });
  }

  private success(count: number): JsonObject {
    return {
      FailedPutCount: 0,
      Encrypted: false,
      RequestResponses: Array.from({ length: count }, (_, index) => ({
        RecordId: `simulated-record-${this.callCount}-${index}`,
      })),
    };
  }
}

function dataOf(record: JsonValue, location: string): string {
  const parsed = new CallArguments(record, location, ["Data"]);
  return parsed.string("Data");
}

function parseData(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

function invalidArgument(cause: string): StatesError {
  return sdkError("Firehose", "InvalidArgumentException", cause);
}
