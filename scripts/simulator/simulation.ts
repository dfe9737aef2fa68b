import { RunLog } from "./call-log";
import { VirtualClock } from "./clock";
import { InputFileError, StatesError, UnsupportedFeatureError } from "./errors";
import type { ExecutionInfo } from "./execution-context";
import { ExpressionEvaluator } from "./expressions";
import { FirehoseService } from "./firehose-service";
import type {
  FirehoseOutcome,
  ListExecutionsOutcome,
  RunSpec,
  TextractOutcome,
} from "./input-files";
import { Services, TASK_RESOURCES } from "./integrations";
import { runMachine } from "./interpreter";
import { JsonObject, JsonValue } from "./json";
import { enforcePayloadLimit } from "./payload-limit";
import { SeededRandom } from "./random";
import { RunReport, buildRunReport } from "./run-report";
import { ListedItem, S3Service } from "./s3-service";
import { S3Store } from "./s3-store";
import { stepFunctionsFunctions } from "./sfn-functions";
import {
  RunningExecution,
  StepFunctionsService,
} from "./step-functions-service";
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
  /**
   * ListExecutions outcomes for successive calls.
   * @default - every call lists the running executions
   */
  readonly listExecutions?: readonly ListExecutionsOutcome[];
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
  checkRunningExecutions(options.runs, stage);

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
  const stepFunctions = new StepFunctionsService(
    stateMachineArnOf(stage),
    options.listExecutions ?? [],
  );

  const reports: RunReport[] = [];
  for (const [index, run] of options.runs.entries()) {
    seedObjects(store, stage.inputBucket, run.objects);
    clock.set(run.now);
    const log = new RunLog();
    const services: Services = { s3, textract, firehose, stepFunctions, log };
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
    const { execution, input } = startExecution(run, stage, random);
    stepFunctions.setRunning(runningDuring(run, execution));
    const outcome = await runExecution(runtime, definition, execution, input);
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

// The execution of one run, started through the unqualified state machine ARN.
function startExecution(
  run: RunSpec,
  stage: SynthesizedStage,
  random: SeededRandom,
): { execution: ExecutionInfo; input: JsonValue } {
  const input: JsonValue = run.input ?? schedulerInput(run.now, random);
  const name = random.uuid();
  const place = `${stage.region}:${stage.accountId}`;
  const execution: ExecutionInfo = {
    id: `arn:aws:states:${place}:execution:${stage.stateMachineName}:${name}`,
    name,
    input,
    startTime: run.now.toISOString(),
    roleArn: stage.roleArn,
    stateMachineId: stateMachineArnOf(stage),
    stateMachineName: stage.stateMachineName,
  };
  return { execution, input };
}

// The run's own execution is the newest. The declared ones count as started 1, 2, 3
// and more seconds before it, in the order the run lists them.
function runningDuring(
  run: RunSpec,
  execution: ExecutionInfo,
): RunningExecution[] {
  const others = (run.runningExecutions ?? []).map((executionArn, index) => ({
    executionArn,
    startDate: new Date(run.now.getTime() - (index + 1) * 1000).toISOString(),
  }));
  return [
    { executionArn: execution.id, startDate: execution.startTime },
    ...others,
  ];
}

async function runExecution(
  runtime: Runtime,
  definition: JsonObject,
  execution: ExecutionInfo,
  input: JsonValue,
): Promise<Pick<RunReport, "status" | "output" | "error" | "cause">> {
  const started = runtime.clock.nowMillis();
  let outcome: Pick<RunReport, "status" | "output" | "error" | "cause">;
  try {
    enforcePayloadLimit(input, "The execution input", false);
    const output = await runtime.runMachine(definition, input, {
      path: "",
      scope: new VariableScope(),
      execution,
    });
    outcome = { status: "SUCCEEDED", output };
  } catch (error) {
    if (!(error instanceof StatesError)) {
      throw error;
    }
    outcome = { status: "FAILED", error: error.error, cause: error.cause };
  }
  return timedOut(definition, started, runtime.clock.nowMillis()) ?? outcome;
}

// A state machine's TimeoutSeconds ends a run that takes longer with States.Timeout.
// NOTE: the simulation runs Distributed Map children one after another, so their waits
// add up and the elapsed time is an upper bound of what parallel children would take.
function timedOut(
  definition: JsonObject,
  startedMillis: number,
  endedMillis: number,
): Pick<RunReport, "status" | "error" | "cause"> | undefined {
  const timeout = definition.TimeoutSeconds;
  if (timeout === undefined) {
    return undefined;
  }
  if (
    typeof timeout !== "number" ||
    !Number.isInteger(timeout) ||
    timeout < 1
  ) {
    throw new UnsupportedFeatureError(
      `The state machine's TimeoutSeconds is ${JSON.stringify(timeout)}; the simulation supports a whole number of seconds, 1 or more.`,
    );
  }
  const elapsedSeconds = (endedMillis - startedMillis) / 1000;
  if (elapsedSeconds <= timeout) {
    return undefined;
  }
  return {
    status: "TIMED_OUT",
    error: "States.Timeout",
    cause: `The execution ran ${elapsedSeconds} s, longer than the state machine's TimeoutSeconds of ${timeout}.`,
  };
}

function stateMachineArnOf(stage: SynthesizedStage): string {
  return `arn:aws:states:${stage.region}:${stage.accountId}:stateMachine:${stage.stateMachineName}`;
}

// ListExecutions on the stage's state machine lists only its own executions, so a
// declared execution of another state machine is a mistake in the runs.
function checkRunningExecutions(
  runs: readonly RunSpec[],
  stage: SynthesizedStage,
): void {
  const prefix = `arn:aws:states:${stage.region}:${stage.accountId}:execution:${stage.stateMachineName}:`;
  runs.forEach((run, index) => {
    for (const arn of run.runningExecutions ?? []) {
      if (!arn.startsWith(prefix)) {
        throw new InputFileError(
          `Run ${index + 1} lists the running execution ${arn}, which is not an execution of the stage's state machine; give an ARN that starts with ${prefix}.`,
        );
      }
    }
  });
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
