import { RunLog } from "./call-log";
import { VirtualClock } from "./clock";
import { StatesError } from "./errors";
import type { ExecutionInfo } from "./execution-context";
import { ExpressionEvaluator } from "./expressions";
import { FirehoseService } from "./firehose-service";
import type { FirehoseOutcome, RunSpec, TextractOutcome } from "./input-files";
import { Services, TASK_RESOURCES } from "./integrations";
import { runMachine } from "./interpreter";
import { JsonObject, JsonValue } from "./json";
import { enforcePayloadLimit } from "./payload-limit";
import { SeededRandom } from "./random";
import { RunReport, buildRunReport } from "./run-report";
import { ListedItem, S3Service } from "./s3-service";
import { S3Store } from "./s3-store";
import { stepFunctionsFunctions } from "./sfn-functions";
import { TextractService } from "./textract-service";
import { checkSupportedFields } from "./supported-fields";
import type { SynthesizedStage } from "./synthesized-stage";
import type { Runtime } from "./runtime";
import { VariableScope } from "./variables";

/** Everything one simulation needs. */
export interface SimulationOptions {
  readonly stage: SynthesizedStage;
  /** Objects in the input bucket before the first run. */
  readonly objects: readonly ListedItem[];
  /** AnalyzeDocument outcomes by S3 key. */
  readonly responses: ReadonlyMap<string, readonly TextractOutcome[]>;
  /** PutRecordBatch outcomes for successive calls. @default - every call succeeds */
  readonly firehose?: readonly FirehoseOutcome[];
  /** The runs, in order, against the same buckets. */
  readonly runs: readonly RunSpec[];
  /** Prefix of the review notes in the review bucket, such as `review/`. */
  readonly reviewPrefix: string;
  /** Seed of retry jitter, `$random()` and `$uuid()`. @default 1 */
  readonly seed?: number;
  /** File names for messages about missing or mismatched outcomes. */
  readonly responsesFile?: string;
  readonly firehoseFile?: string;
}

/**
 * Runs the stage's definition once per run, each against the buckets the runs before it
 * left, and returns one report per run. Throws UnsupportedFeatureError before the first
 * run when the definition uses something the simulator does not model.
 */
export async function simulate(
  options: SimulationOptions,
): Promise<RunReport[]> {
  const { stage } = options;
  const clock = new VirtualClock(options.runs[0]?.now ?? new Date());
  const random = new SeededRandom(options.seed ?? 1);
  const evaluator = new ExpressionEvaluator(
    stepFunctionsFunctions(clock, random),
  );
  const definition = JSON.parse(stage.definition) as JsonObject;
  checkSupportedFields(definition, TASK_RESOURCES, (source, location) => {
    evaluator.compile(source, location);
  });

  const store = new S3Store(stage.buckets);
  seedObjects(store, stage.inputBucket, options.objects);
  const textract = new TextractService(
    store,
    options.responses,
    options.responsesFile ?? "the responses file",
  );
  const firehose = new FirehoseService(
    stage.deliveryStreams,
    options.firehose ?? [],
    options.firehoseFile ?? "the Firehose outcomes file",
  );
  const s3 = new S3Service(store, clock);

  const reports: RunReport[] = [];
  for (const [index, run] of options.runs.entries()) {
    seedObjects(store, stage.inputBucket, run.objects);
    clock.set(run.now);
    const log = new RunLog();
    const services: Services = { s3, textract, firehose, log };
    const runtime: Runtime = {
      evaluator,
      services,
      clock,
      random,
      identity: stage,
      runMachine: (machine, input, frame) =>
        runMachine(runtime, machine, input, frame),
    };
    const acceptedBefore = firehose.accepted.length;
    const analyzedBefore = textract.analyzedKeys.length;
    const outcome = await runExecution(runtime, definition, run, stage);
    reports.push(
      buildRunReport(
        { run: index + 1, startTime: run.now.toISOString(), ...outcome },
        {
          log,
          store,
          accepted: firehose.accepted.slice(acceptedBefore),
          analyzedKeys: textract.analyzedKeys.slice(analyzedBefore),
          inputBucket: stage.inputBucket,
          inputPrefix: stage.inputPrefix,
          reviewBucket: stage.reviewBucket,
          reviewPrefix: options.reviewPrefix,
        },
      ),
    );
  }
  return reports;
}

async function runExecution(
  runtime: Runtime,
  definition: JsonObject,
  run: RunSpec,
  stage: SynthesizedStage,
): Promise<Pick<RunReport, "status" | "error" | "cause">> {
  const input: JsonValue = run.input ?? schedulerInput(run.now, runtime.random);
  const name = runtime.random.uuid();
  const place = `${stage.region}:${stage.accountId}`;
  const execution: ExecutionInfo = {
    id: `arn:aws:states:${place}:execution:${stage.stateMachineName}:${name}`,
    name,
    input,
    startTime: run.now.toISOString(),
    roleArn: stage.roleArn,
    stateMachineId: `arn:aws:states:${place}:stateMachine:${stage.stateMachineName}`,
    stateMachineName: stage.stateMachineName,
  };
  try {
    enforcePayloadLimit(input, "The execution input", false);
    await runtime.runMachine(definition, input, {
      path: "",
      scope: new VariableScope(),
      execution,
    });
    return { status: "SUCCEEDED" };
  } catch (error) {
    if (error instanceof StatesError) {
      return { status: "FAILED", error: error.error, cause: error.cause };
    }
    throw error;
  }
}

// The input EventBridge Scheduler sends (constructs/form-schedule.ts); the scheduled time
// has no milliseconds.
function schedulerInput(now: Date, random: SeededRandom): JsonObject {
  return {
    scheduledTime: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    scheduleExecutionId: random.uuid(),
  };
}

function seedObjects(
  store: S3Store,
  bucket: string,
  objects: readonly ListedItem[],
): void {
  for (const item of objects) {
    store.put(bucket, item.Key, {
      etag: item.Etag,
      size: item.Size,
      lastModified: item.LastModified,
      storageClass: item.StorageClass,
      tags: {},
    });
  }
}
