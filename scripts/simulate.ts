import { parseArgs } from "node:util";
import { REVIEW_PREFIXES } from "../stacks/stage-stack";
import {
  InputFileError,
  InvalidCallError,
  SimulationSetupError,
  UnsupportedFeatureError,
} from "./simulator/errors";
import {
  RunSpec,
  parseFirehoseOutcomes,
  parseListExecutionsOutcomes,
  parseListing,
  parseResponses,
  parseRunningExecutions,
  parseRuns,
  readJsonFile,
} from "./simulator/input-files";
import { simulate } from "./simulator/simulation";
import { readSynthesizedStage } from "./simulator/synthesized-stage";

const USAGE = `Usage: npm run simulate -- --stage <stage> --responses <responses.json>
         [--objects <listing.json>] [--firehose <outcomes.json>]
         [--list-executions <outcomes.json>]
         [--now <ISO time> [--running-execution <ARN> ...] | --runs <runs.json>]
         [--seed <number>] [--synth-dir <folder>]

Runs the stage's synthesized state machine definition locally, answering every AWS call
from the files, and prints one JSON report per run on its own line.

  --stage              stage whose stack to read from <synth-dir>/stacks/<stage>/cdk.tf.json
  --responses          AnalyzeDocument answers keyed by S3 key: a response,
                       {"error", "cause"}, or an array of these for successive calls
  --objects            listObjectsV2 ItemReader items in the input bucket before the
                       first run (required without --runs)
  --firehose           PutRecordBatch answers for successive calls (default: all succeed)
  --list-executions    ListExecutions answers for successive calls: {"error", "cause"},
                       or null to list the running executions (default: all list them)
  --now                time of the single run (default: the current time)
  --running-execution  ARN of another execution of the state machine that is RUNNING
                       during the single run; repeat it for several (default: none)
  --runs               runs in order, each {"now", "objects", "input",
                       "runningExecutions"}, against the same buckets
  --seed               seed of retry jitter, $random() and $uuid() (default: 1)
  --synth-dir          cdktf output folder (default: cdktf.out)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stage: { type: "string" },
      objects: { type: "string" },
      responses: { type: "string" },
      firehose: { type: "string" },
      "list-executions": { type: "string" },
      now: { type: "string" },
      "running-execution": { type: "string", multiple: true },
      runs: { type: "string" },
      seed: { type: "string" },
      "synth-dir": { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.stage || !values.responses) {
    throw new UsageError("--stage and --responses are required.");
  }
  if (values.now !== undefined && values.runs !== undefined) {
    throw new UsageError(
      "give either --now or --runs: each run in the runs file has its own time.",
    );
  }
  if (values["running-execution"] !== undefined && values.runs !== undefined) {
    throw new UsageError(
      "give either --running-execution or --runs: each run in the runs file lists its own runningExecutions.",
    );
  }
  if (values.objects === undefined && values.runs === undefined) {
    throw new UsageError("give --objects, --runs, or both.");
  }

  const stage = readSynthesizedStage(values.stage, values["synth-dir"]);
  const objects = values.objects
    ? parseListing(readJsonFile(values.objects, "listing"), values.objects)
    : [];
  const responses = parseResponses(
    readJsonFile(values.responses, "responses"),
    values.responses,
  );
  const firehose = values.firehose
    ? parseFirehoseOutcomes(
        readJsonFile(values.firehose, "Firehose outcomes"),
        values.firehose,
      )
    : [];
  const listExecutions = values["list-executions"]
    ? parseListExecutionsOutcomes(
        readJsonFile(values["list-executions"], "ListExecutions outcomes"),
        values["list-executions"],
      )
    : [];
  const runs: RunSpec[] = values.runs
    ? parseRuns(readJsonFile(values.runs, "runs"), values.runs)
    : [
        {
          now: parseNow(values.now),
          objects: [],
          runningExecutions: parseRunningExecutions(
            values["running-execution"] ?? [],
            "--running-execution",
          ),
        },
      ];

  const reports = await simulate({
    stage,
    objects,
    responses,
    firehose,
    listExecutions,
    runs,
    reviewPrefix: REVIEW_PREFIXES.review,
    seed: parseSeed(values.seed),
    responsesFile: values.responses,
    firehoseFile: values.firehose,
  });
  for (const report of reports) {
    console.log(JSON.stringify(report));
  }
}

class UsageError extends Error {}

function parseNow(text: string | undefined): Date {
  if (text === undefined) {
    return new Date();
  }
  const millis = Date.parse(text);
  if (!/T/.test(text) || Number.isNaN(millis)) {
    throw new UsageError(
      `--now is ${JSON.stringify(text)}; expected an ISO 8601 time such as 2026-12-04T06:00:00Z.`,
    );
  }
  return new Date(millis);
}

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  if (!/^\d+$/.test(text)) {
    throw new UsageError(
      `--seed is ${JSON.stringify(text)}; expected a whole number.`,
    );
  }
  return Number(text);
}

main().catch((error: unknown) => {
  if (
    error instanceof UsageError ||
    (error instanceof TypeError && "code" in error)
  ) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (
    error instanceof InputFileError ||
    error instanceof SimulationSetupError ||
    error instanceof UnsupportedFeatureError ||
    error instanceof InvalidCallError
  ) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
});
