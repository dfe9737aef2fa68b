import { REVIEW_PREFIXES } from "../../../stacks/stage-stack";
import { parseResponses } from "../../../scripts/simulator/input-files";
import type { JsonObject, JsonValue } from "../../../scripts/simulator/json";
import type { RunReport } from "../../../scripts/simulator/run-report";
import type { ListedItem } from "../../../scripts/simulator/s3-service";
import { simulate } from "../../../scripts/simulator/simulation";
import type { SynthesizedStage } from "../../../scripts/simulator/synthesized-stage";

/** Builds a stage whose definition is a small machine written for one test. */
export function stageWith(definition: JsonObject): SynthesizedStage {
  return {
    stage: "test",
    stackFile: "(in memory)",
    definition: JSON.stringify({ QueryLanguage: "JSONata", ...definition }),
    stateMachineName: "test-machine",
    region: "eu-west-1",
    accountId: "111111111111",
    roleArn: "arn:aws:iam::111111111111:role/test-machine-sfn",
    deliveryStreams: ["test-stream"],
    buckets: [
      { name: "test-input", versioned: true },
      { name: "test-review", versioned: false },
    ],
    inputBucket: "test-input",
    inputPrefix: "incoming/",
    reviewBucket: "test-review",
  };
}

/** Runs a small machine once with the given execution input, objects and Textract outcomes. */
export async function runMachineOnce(
  definition: JsonObject,
  input: JsonObject = {},
  responses: Record<string, unknown> = {},
  objects: readonly ListedItem[] = [],
): Promise<RunReport> {
  const [report] = await simulate({
    stage: stageWith(definition),
    objects,
    responses: parseResponses(responses, "responses"),
    runs: [{ now: new Date("2026-12-04T06:00:00Z"), objects: [], input }],
    reviewPrefix: REVIEW_PREFIXES.review,
  });
  return report;
}

/** Builds a one-state machine that puts `Body` into the review bucket and ends. */
export function putObjectMachine(extra: JsonObject = {}): JsonObject {
  return {
    StartAt: "Put",
    States: {
      Put: {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:s3:putObject",
        Arguments: {
          Bucket: "test-review",
          Key: "note.json",
          Body: "{% $states.input.body %}",
        },
        End: true,
        ...extra,
      },
    },
  };
}

/**
 * Builds a one-state machine that runs AnalyzeDocument with QUERIES on a key of the
 * input bucket and ends; `extra` adds or replaces fields of the Task state.
 */
export function analyzeMachine(
  key: string,
  queries: JsonValue = [{ Text: "What is the name?" }],
  extra: JsonObject = {},
): JsonObject {
  return {
    StartAt: "Analyze",
    States: {
      Analyze: {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:textract:analyzeDocument",
        Arguments: {
          Document: { S3Object: { Bucket: "test-input", Name: key } },
          FeatureTypes: ["QUERIES"],
          QueriesConfig: { Queries: queries },
        },
        End: true,
        ...extra,
      },
    },
  };
}
