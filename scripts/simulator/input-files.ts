import { readFileSync } from "node:fs";
import { z } from "zod";
import { InputFileError } from "./errors";
import { JsonObject, JsonValue, isJsonObject, toJsonValue } from "./json";
import type { ListedItem } from "./s3-service";

/** Outcome of one AnalyzeDocument call: a response or an error. */
export type TextractOutcome =
  | { readonly kind: "response"; readonly response: JsonObject }
  | { readonly kind: "error"; readonly code: string; readonly cause: string };

/** Outcome of one PutRecordBatch call: a response or an error. */
export type FirehoseOutcome =
  | { readonly kind: "response"; readonly response: JsonObject }
  | { readonly kind: "error"; readonly code: string; readonly cause: string };

/** Outcome of one ListExecutions call: an error, or the running executions. */
export type ListExecutionsOutcome =
  | { readonly kind: "listing" }
  | { readonly kind: "error"; readonly code: string; readonly cause: string };

/** One run of a multi-run simulation. */
export interface RunSpec {
  /** Time of the run: the execution start and the scheduled time. */
  readonly now: Date;
  /** Objects uploaded to the input bucket before the run. */
  readonly objects: readonly ListedItem[];
  /** Execution input. @default - what EventBridge Scheduler sends */
  readonly input?: JsonObject;
  /**
   * ARNs of other executions of the state machine that are RUNNING while this run runs.
   * @default - none: only the run's own execution is running
   */
  readonly runningExecutions?: readonly string[];
}

/** Error codes AnalyzeDocument can return (botocore textract service model). */
export const TEXTRACT_ERROR_CODES = [
  "AccessDeniedException",
  "BadDocumentException",
  "DocumentTooLargeException",
  "HumanLoopQuotaExceededException",
  "InternalServerError",
  "InvalidParameterException",
  "InvalidS3ObjectException",
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "UnsupportedDocumentException",
] as const;

/**
 * Error codes ListExecutions can return: those of the Step Functions API model
 * (aws-sdk-rust, sfn) and the common ThrottlingException.
 */
export const LIST_EXECUTIONS_ERROR_CODES = [
  "InvalidArn",
  "InvalidToken",
  "ResourceNotFound",
  "StateMachineDoesNotExist",
  "StateMachineTypeNotSupported",
  "ThrottlingException",
  "ValidationException",
] as const;

/** Error codes PutRecordBatch can return (botocore firehose service model). */
export const FIREHOSE_ERROR_CODES = [
  "InvalidArgumentException",
  "InvalidKMSResourceException",
  "InvalidSourceException",
  "ResourceNotFoundException",
  "ServiceUnavailableException",
] as const;

const listedItemSchema = z.strictObject({
  Etag: z.string().regex(/^".+"$/, {
    message:
      'expected the ETag with its quote characters inside the string, such as "\\"9b2cf535f27731c974343645a3985328\\""',
  }),
  Key: z
    .string()
    .min(1, { message: "expected a key of 1 to 1,024 characters" })
    .max(1024, { message: "expected a key of 1 to 1,024 characters" }),
  LastModified: z
    .number({
      message: "expected whole seconds since the epoch, such as 1668699881",
    })
    .int({
      message: "expected whole seconds since the epoch, such as 1668699881",
    })
    .nonnegative({
      message: "expected whole seconds since the epoch, such as 1668699881",
    }),
  Size: z
    .number({
      message: "expected the size in bytes, a whole number of at least 0",
    })
    .int({
      message: "expected the size in bytes, a whole number of at least 0",
    })
    .nonnegative({
      message: "expected the size in bytes, a whole number of at least 0",
    }),
  StorageClass: z
    .string()
    .min(1, { message: "expected a storage class such as STANDARD" }),
});

const LISTING_FIX =
  "each item needs exactly Etag, Key, LastModified, Size and StorageClass, as the listObjectsV2 ItemReader delivers them";

const textractErrorSchema = z.strictObject({
  error: z.enum(TEXTRACT_ERROR_CODES, {
    message: `expected one of ${TEXTRACT_ERROR_CODES.join(", ")}, written as the Textract API returns it, without the "Textract." prefix`,
  }),
  cause: z.string({ message: "expected a text that explains the error" }),
});

const textractResponseSchema = z.looseObject({
  Blocks: z.array(
    z.looseObject({
      BlockType: z.string({ message: "expected a block type such as QUERY" }),
      Id: z.string({ message: "expected the block's ID" }),
    }),
    { message: "expected the AnalyzeDocument Blocks array" },
  ),
});

const firehoseErrorSchema = z.strictObject({
  error: z.enum(FIREHOSE_ERROR_CODES, {
    message: `expected one of ${FIREHOSE_ERROR_CODES.join(", ")}, without the "Firehose." prefix`,
  }),
  cause: z.string({ message: "expected a text that explains the error" }),
});

const firehoseResponseSchema = z.strictObject({
  FailedPutCount: z.number().int().nonnegative({
    message: "expected the number of entries that have an ErrorCode",
  }),
  Encrypted: z.boolean().optional(),
  RequestResponses: z.array(
    z.union(
      [
        z.strictObject({ RecordId: z.string() }),
        z.strictObject({ ErrorCode: z.string(), ErrorMessage: z.string() }),
      ],
      {
        message:
          'expected {"RecordId": "..."} for an accepted record or {"ErrorCode": "...", "ErrorMessage": "..."} for a failed one',
      },
    ),
  ),
});

const listExecutionsErrorSchema = z.strictObject({
  error: z.enum(LIST_EXECUTIONS_ERROR_CODES, {
    message: `expected one of ${LIST_EXECUTIONS_ERROR_CODES.join(", ")}, without the "Sfn." prefix`,
  }),
  cause: z.string({ message: "expected a text that explains the error" }),
});

// A top-level execution: `execution:<state machine>:<execution name>`. Names contain
// neither ':' nor '/' (Step Functions API reference, ExecutionListItem), and child
// executions of a Distributed Map have `<state machine>/<label>` instead.
const executionArnSchema = z
  .string()
  .regex(/^arn:aws:states:[a-z0-9-]+:\d{12}:execution:[^:/\s]+:[^:/\s]+$/, {
    message:
      'expected the ARN of an execution, such as "arn:aws:states:eu-west-1:111111111111:execution:forms-to-tables-staging-extract-forms:manual-run"',
  });

const runSchema = z.strictObject({
  now: z
    .string()
    .refine((text) => /T/.test(text) && !Number.isNaN(Date.parse(text)), {
      message: "expected an ISO 8601 time such as 2026-12-04T06:00:00Z",
    }),
  objects: z.array(listedItemSchema).optional(),
  input: z.record(z.string(), z.json()).optional(),
  runningExecutions: z.array(executionArnSchema).optional(),
});

/** Reads a JSON file, or throws an InputFileError naming it. */
export function readJsonFile(file: string, role: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InputFileError(
      `Cannot read the ${role} file ${file}: ${(error as Error).message}; check the path.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputFileError(
      `The ${role} file ${file} is not valid JSON: ${(error as Error).message}; fix its syntax.`,
    );
  }
}

/** Checks a listing: an array of ItemReader items with unique keys. */
export function parseListing(raw: unknown, file: string): ListedItem[] {
  const items = parseWith(
    z.array(listedItemSchema),
    raw,
    file,
    "",
    LISTING_FIX,
  );
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.Key)) {
      throw new InputFileError(
        `Invalid ${file}: field "[${index}].Key" has value ${JSON.stringify(item.Key)}, which an earlier item already has; list each key once.`,
      );
    }
    seen.add(item.Key);
  });
  return items;
}

/**
 * Checks a responses file: an object keyed by S3 key whose values are an AnalyzeDocument
 * response, an error `{"error": code, "cause": text}`, or an array of these for
 * successive attempts.
 */
export function parseResponses(
  raw: unknown,
  file: string,
): Map<string, TextractOutcome[]> {
  if (!isJsonObject(raw)) {
    throw new InputFileError(
      `Invalid ${file}: the file contains ${describe(raw)}; expected an object keyed by S3 key, such as {"incoming/form.pdf": <AnalyzeDocument response>}.`,
    );
  }
  const answers = new Map<string, TextractOutcome[]>();
  for (const [key, value] of Object.entries(raw)) {
    const entries = Array.isArray(value) ? value : [value];
    if (entries.length === 0) {
      throw new InputFileError(
        `Invalid ${file}: field ${JSON.stringify(key)} has value []; give at least one response or error.`,
      );
    }
    answers.set(
      key,
      entries.map((entry, index) =>
        parseOutcome(
          entry,
          file,
          Array.isArray(value) ? `${key}[${index}]` : key,
        ),
      ),
    );
  }
  return answers;
}

/** Checks a Firehose outcomes file: an array of PutRecordBatch responses or errors. */
export function parseFirehoseOutcomes(
  raw: unknown,
  file: string,
): FirehoseOutcome[] {
  if (!Array.isArray(raw)) {
    throw new InputFileError(
      `Invalid ${file}: the file contains ${describe(raw)}; expected an array with one PutRecordBatch response or {"error": code, "cause": text} per call.`,
    );
  }
  return raw.map((entry: unknown, index) => {
    const path = `[${index}]`;
    if (isJsonObject(entry) && "error" in entry) {
      const parsed = parseWith(firehoseErrorSchema, entry, file, path, "");
      return { kind: "error", code: parsed.error, cause: parsed.cause };
    }
    const response = parseWith(firehoseResponseSchema, entry, file, path, "");
    const failed = response.RequestResponses.filter(
      (item) => "ErrorCode" in item,
    ).length;
    if (failed !== response.FailedPutCount) {
      throw new InputFileError(
        `Invalid ${file}: field "${path}.FailedPutCount" has value ${response.FailedPutCount}, but ${failed} entries of RequestResponses have an ErrorCode; make them agree.`,
      );
    }
    return {
      kind: "response",
      response: toJsonValue(response, path) as JsonObject,
    };
  });
}

/**
 * Checks a ListExecutions outcomes file: an array with one entry per call, either
 * `{"error": code, "cause": text}` or null for a call that returns the running
 * executions.
 */
export function parseListExecutionsOutcomes(
  raw: unknown,
  file: string,
): ListExecutionsOutcome[] {
  if (!Array.isArray(raw)) {
    throw new InputFileError(
      `Invalid ${file}: the file contains ${describe(raw)}; expected an array with {"error": code, "cause": text} or null per ListExecutions call.`,
    );
  }
  return raw.map((entry: unknown, index) => {
    if (entry === null) {
      return { kind: "listing" };
    }
    const parsed = parseWith(
      listExecutionsErrorSchema,
      entry,
      file,
      `[${index}]`,
      "give null for a call that lists the running executions",
    );
    return { kind: "error", code: parsed.error, cause: parsed.cause };
  });
}

/**
 * Checks the ARNs of the other running executions of one run, given as `source` (a
 * runs file entry or a command-line option).
 */
export function parseRunningExecutions(raw: unknown, source: string): string[] {
  const arns = parseWith(z.array(executionArnSchema), raw, source, "", "");
  arns.forEach((arn, index) => {
    if (arns.indexOf(arn) !== index) {
      throw new InputFileError(
        `Invalid ${source}: field "[${index}]" has value ${JSON.stringify(arn)}, which an earlier entry already has; list each execution once.`,
      );
    }
  });
  return arns;
}

/** Checks a runs file: an array of runs, each with its time and new objects. */
export function parseRuns(raw: unknown, file: string): RunSpec[] {
  const runs = parseWith(
    z.array(runSchema).min(1, { message: "expected at least one run" }),
    raw,
    file,
    "",
    'each run is {"now": "<ISO time>", "objects": [<listing items>], "input": {<execution input>}, "runningExecutions": [<execution ARNs>]}, with all but now optional',
  );
  return runs.map((run, index) => ({
    now: new Date(run.now),
    objects: run.objects
      ? parseListing(run.objects, `${file} run ${index}`)
      : [],
    input: run.input
      ? (toJsonValue(run.input, "input") as JsonObject)
      : undefined,
    runningExecutions: run.runningExecutions
      ? parseRunningExecutions(
          run.runningExecutions,
          `${file} run ${index} runningExecutions`,
        )
      : [],
  }));
}

function parseOutcome(
  entry: unknown,
  file: string,
  path: string,
): TextractOutcome {
  if (isJsonObject(entry) && "error" in entry) {
    const parsed = parseWith(textractErrorSchema, entry, file, path, "");
    return { kind: "error", code: parsed.error, cause: parsed.cause };
  }
  parseWith(
    textractResponseSchema,
    entry,
    file,
    path,
    "give an AnalyzeDocument response or an error object",
  );
  return { kind: "response", response: toJsonValue(entry, path) as JsonObject };
}

function parseWith<T extends z.ZodType>(
  schema: T,
  raw: unknown,
  file: string,
  basePath: string,
  fix: string,
): z.output<T> {
  const result = schema.safeParse(raw);
  if (result.success) {
    return result.data;
  }
  const issue = result.error.issues[0];
  const path = joinPath(basePath, issue.path);
  const hint = fix ? `; ${fix}` : "";
  if (issue.code === "unrecognized_keys") {
    const where = path ? ` in "${path}"` : "";
    throw new InputFileError(
      `Invalid ${file}: unknown field ${issue.keys.map((key) => `"${key}"`).join(", ")}${where}; remove it or correct its spelling${hint}.`,
    );
  }
  const value = valueAt(raw, issue.path);
  const valueText =
    value === undefined ? "is missing" : `has value ${preview(value)}`;
  throw new InputFileError(
    `Invalid ${file}: field "${path || "(file)"}" ${valueText}; ${issue.message}${hint}.`,
  );
}

function joinPath(base: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) =>
      typeof part === "number"
        ? `${text}[${part}]`
        : text
          ? `${text}.${String(part)}`
          : String(part),
    base,
  );
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const part of path) {
    if (current === null || typeof current !== "object") {
      return undefined;
    }
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value as JsonValue);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) {
    return "an array";
  }
  return value === null ? "null" : `a ${typeof value}`;
}
