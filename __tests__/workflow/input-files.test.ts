import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  InputFileError,
  SimulationSetupError,
} from "../../scripts/simulator/errors";
import {
  parseFirehoseOutcomes,
  parseListing,
  parseResponses,
  parseRuns,
  readJsonFile,
} from "../../scripts/simulator/input-files";
import { readSynthesizedStage } from "../../scripts/simulator/synthesized-stage";
import {
  analyzeMachine,
  putObjectMachine,
  runMachineOnce,
} from "./support/machines";
import { listed } from "./support/simulation";

describe("listing file", () => {
  it("rejects an ETag without quotes", () => {
    expect(() =>
      parseListing(
        [{ ...listed("incoming/a.pdf"), Etag: "abc" }],
        "listing.json",
      ),
    ).toThrow(
      'Invalid listing.json: field "[0].Etag" has value "abc"; expected the ETag with its quote characters inside the string, such as "\\"9b2cf535f27731c974343645a3985328\\""; each item needs exactly Etag, Key, LastModified, Size and StorageClass, as the listObjectsV2 ItemReader delivers them.',
    );
  });

  it("rejects the ETag spelling of other S3 APIs", () => {
    const { Etag, ...rest } = listed("incoming/a.pdf");
    expect(() =>
      parseListing([{ ...rest, ETag: Etag }], "listing.json"),
    ).toThrow(/^Invalid listing.json: field "\[0\]\.Etag" is missing/);
  });

  it("rejects a key listed twice", () => {
    expect(() =>
      parseListing(
        [listed("incoming/a.pdf"), listed("incoming/a.pdf")],
        "listing.json",
      ),
    ).toThrow(
      'Invalid listing.json: field "[1].Key" has value "incoming/a.pdf", which an earlier item already has; list each key once.',
    );
  });

  it("rejects a negative size", () => {
    expect(() =>
      parseListing([{ ...listed("incoming/a.pdf"), Size: -1 }], "listing.json"),
    ).toThrow(
      /^Invalid listing.json: field "\[0\]\.Size" has value -1; expected the size in bytes/,
    );
  });
});

describe("responses file", () => {
  it("rejects an error code with the Step Functions prefix", () => {
    expect(() =>
      parseResponses(
        {
          "incoming/a.pdf": [
            { error: "Textract.ThrottlingException", cause: "Rate exceeded" },
          ],
        },
        "responses.json",
      ),
    ).toThrow(
      'Invalid responses.json: field "incoming/a.pdf[0].error" has value "Textract.ThrottlingException"; expected one of AccessDeniedException, BadDocumentException, DocumentTooLargeException, HumanLoopQuotaExceededException, InternalServerError, InvalidParameterException, InvalidS3ObjectException, ProvisionedThroughputExceededException, ThrottlingException, UnsupportedDocumentException, written as the Textract API returns it, without the "Textract." prefix.',
    );
  });

  it("rejects a response without Blocks", () => {
    expect(() =>
      parseResponses(
        { "incoming/a.pdf": { DocumentMetadata: { Pages: 1 } } },
        "responses.json",
      ),
    ).toThrow(
      'Invalid responses.json: field "incoming/a.pdf.Blocks" is missing; expected the AnalyzeDocument Blocks array; give an AnalyzeDocument response or an error object.',
    );
  });

  it("rejects a list of responses", () => {
    expect(() => parseResponses([], "responses.json")).toThrow(
      'Invalid responses.json: the file contains an array; expected an object keyed by S3 key, such as {"incoming/form.pdf": <AnalyzeDocument response>}.',
    );
  });

  it("names the key a run needs but the file lacks", async () => {
    await expect(
      runMachineOnce(analyzeMachine("incoming/a.pdf"), {}, {}, [
        listed("incoming/a.pdf"),
      ]),
    ).rejects.toThrow(
      'The workflow called AnalyzeDocument for "incoming/a.pdf", but the responses file has no entry for that key; add a response or an error for it.',
    );
  });
});

describe("Firehose outcomes file", () => {
  it("rejects a FailedPutCount that disagrees with the entries", () => {
    expect(() =>
      parseFirehoseOutcomes(
        [
          {
            FailedPutCount: 0,
            RequestResponses: [
              { ErrorCode: "InternalFailure", ErrorMessage: "x" },
            ],
          },
        ],
        "firehose.json",
      ),
    ).toThrow(
      'Invalid firehose.json: field "[0].FailedPutCount" has value 0, but 1 entries of RequestResponses have an ErrorCode; make them agree.',
    );
  });

  it("rejects an unknown API error", () => {
    expect(() =>
      parseFirehoseOutcomes(
        [{ error: "ThrottlingException", cause: "x" }],
        "firehose.json",
      ),
    ).toThrow(
      'Invalid firehose.json: field "[0].error" has value "ThrottlingException"; expected one of InvalidArgumentException, InvalidKMSResourceException, InvalidSourceException, ResourceNotFoundException, ServiceUnavailableException, without the "Firehose." prefix.',
    );
  });
});

describe("runs file", () => {
  it("rejects a run without time", () => {
    expect(() => parseRuns([{ objects: [] }], "runs.json")).toThrow(
      /^Invalid runs.json: field "\[0\]\.now" is missing; .*each run is \{"now": "<ISO time>"/,
    );
  });

  it("rejects an unknown field", () => {
    expect(() =>
      parseRuns([{ now: "2026-12-04T06:00:00Z", time: "x" }], "runs.json"),
    ).toThrow(
      'Invalid runs.json: unknown field "time" in "[0]"; remove it or correct its spelling; each run is {"now": "<ISO time>", "objects": [<listing items>], "input": {<execution input>}, "runningExecutions": [<execution ARNs>]}, with all but now optional.',
    );
  });
});

describe("file reading", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "simulator-inputs-"));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("names a missing file", () => {
    const file = path.join(dir, "absent.json");
    expect(() => readJsonFile(file, "listing")).toThrow(InputFileError);
    expect(() => readJsonFile(file, "listing")).toThrow(
      new RegExp(
        `^Cannot read the listing file ${file}: .*; check the path\\.$`,
      ),
    );
  });

  it("names a file that is not JSON", () => {
    const file = path.join(dir, "broken.json");
    writeFileSync(file, "{ not json");
    expect(() => readJsonFile(file, "responses")).toThrow(
      new RegExp(
        `^The responses file ${file} is not valid JSON: .*; fix its syntax\\.$`,
      ),
    );
  });

  it("asks for a synth when the stack is missing", () => {
    expect(() => readSynthesizedStage("staging", dir)).toThrow(
      SimulationSetupError,
    );
    expect(() => readSynthesizedStage("staging", dir)).toThrow(
      `No synthesized stack for stage "staging" at ${path.join(dir, "stacks", "staging", "cdk.tf.json")} (synthesized stacks: none); run npm run synth first.`,
    );
  });
});

describe("call arguments", () => {
  it("stops at a missing Key", async () => {
    await expect(
      runMachineOnce(
        putObjectMachine({ Arguments: { Bucket: "test-review", Body: "{}" } }),
      ),
    ).rejects.toThrow(
      "State Put Arguments.Key is undefined; expected a non-empty string.",
    );
  });

  it("stops at an object Body", async () => {
    await expect(
      runMachineOnce(
        putObjectMachine({
          Arguments: { Bucket: "test-review", Key: "a.json", Body: { a: 1 } },
        }),
      ),
    ).rejects.toThrow(
      'State Put Arguments.Body is {"a":1}; the simulator models a string Body only, so pass $string(...) there.',
    );
  });
});
