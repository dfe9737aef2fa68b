import { CallArguments } from "./call-arguments";
import { InputFileError, StatesError } from "./errors";
import type { TextractOutcome } from "./input-files";
import type { JsonObject } from "./json";
import type { S3Store } from "./s3-store";
import { sdkError } from "./service-errors";

// Request limits of AnalyzeDocument (botocore textract service model; Textract developer
// guide, set quotas: up to 15 queries per page for synchronous operations).
const MAX_QUERIES = 15;
const MAX_QUERY_TEXT = 200;
const FEATURE_TYPES = ["TABLES", "FORMS", "QUERIES", "SIGNATURES", "LAYOUT"];

/**
 * Simulated Textract AnalyzeDocument. Each call for a key returns that key's next
 * outcome from the responses file, and the last outcome repeats for every later call.
 */
export class TextractService {
  /** Keys of every AnalyzeDocument call, in call order. */
  readonly analyzedKeys: string[] = [];
  private readonly callsPerKey = new Map<string, number>();

  constructor(
    private readonly store: S3Store,
    private readonly answers: ReadonlyMap<string, readonly TextractOutcome[]>,
    private readonly responsesFile: string,
  ) {}

  analyzeDocument(args: CallArguments): JsonObject {
    const document = args.object("Document", ["S3Object"]);
    const s3Object = document.object("S3Object", ["Bucket", "Name", "Version"]);
    const bucket = s3Object.string("Bucket");
    const name = s3Object.string("Name");
    this.checkRequest(args);
    this.analyzedKeys.push(name);

    const version = s3Object.optionalString("Version");
    const exists =
      this.store.hasBucket(bucket) &&
      (version
        ? this.store.version(bucket, name, version)
        : this.store.current(bucket, name));
    if (!exists) {
      throw sdkError(
        "Textract",
        "InvalidS3ObjectException",
        `Unable to get object metadata from S3. Check object key, region and/or access permissions for s3://${bucket}/${name}.`,
      );
    }
    const outcome = this.nextOutcome(name);
    if (outcome.kind === "error") {
      throw sdkError("Textract", outcome.code, outcome.cause);
    }
    return outcome.response;
  }

  private checkRequest(args: CallArguments): void {
    const features = args.array("FeatureTypes");
    if (
      features.length === 0 ||
      !features.every((feature) => FEATURE_TYPES.includes(String(feature)))
    ) {
      throw invalidParameter(
        `FeatureTypes ${JSON.stringify(features)} must list some of ${FEATURE_TYPES.join(", ")}.`,
      );
    }
    if (!features.includes("QUERIES")) {
      return;
    }
    const config = args.object("QueriesConfig", ["Queries"]);
    const queries = config.array("Queries");
    if (queries.length < 1 || queries.length > MAX_QUERIES) {
      throw invalidParameter(
        `QueriesConfig.Queries has ${queries.length} queries; AnalyzeDocument accepts 1 to ${MAX_QUERIES}.`,
      );
    }
    queries.forEach((query, index) => {
      const parsed = new CallArguments(
        query,
        config.where(`Queries[${index}]`),
        ["Text", "Alias", "Pages"],
      );
      for (const field of ["Text", "Alias"]) {
        const text =
          field === "Text"
            ? parsed.string(field)
            : parsed.optionalString(field);
        if (text !== undefined && text.length > MAX_QUERY_TEXT) {
          throw invalidParameter(
            `Query ${index} has a ${field} of ${text.length} characters; the limit is ${MAX_QUERY_TEXT}.`,
          );
        }
      }
    });
  }

  private nextOutcome(key: string): TextractOutcome {
    const answers = this.answers.get(key);
    if (!answers) {
      throw new InputFileError(
        `The workflow called AnalyzeDocument for ${JSON.stringify(key)}, but ${this.responsesFile} has no entry for that key; add a response or an error for it.`,
      );
    }
    const calls = this.callsPerKey.get(key) ?? 0;
    this.callsPerKey.set(key, calls + 1);
    return answers[Math.min(calls, answers.length - 1)];
  }
}

function invalidParameter(cause: string): StatesError {
  return sdkError("Textract", "InvalidParameterException", cause);
}
