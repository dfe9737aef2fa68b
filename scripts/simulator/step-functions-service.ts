import { CallArguments } from "./call-arguments";
import { UnsupportedFeatureError } from "./errors";
import type { ListExecutionsOutcome } from "./input-files";
import type { JsonObject } from "./json";
import { sdkError } from "./service-errors";

// Page sizes of ListExecutions: 100 by default and for 0, at most 1,000 (Step Functions
// API reference, ListExecutions).
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

const STATE_MACHINE_ARN = /^arn:aws:states:[a-z0-9-]+:\d{12}:stateMachine:/;

/** One execution that the simulated ListExecutions reports as RUNNING. */
export interface RunningExecution {
  readonly executionArn: string;
  /** ISO 8601 start time with milliseconds. */
  readonly startDate: string;
}

/**
 * Simulated Step Functions ListExecutions for the stage's own state machine. It lists
 * only the RUNNING executions of the current run: the run's own one and those the run
 * declares. Call N takes entry N of the outcomes, and a call without an error entry
 * returns the running executions.
 */
export class StepFunctionsService {
  private running: readonly RunningExecution[] = [];
  private callCount = 0;

  constructor(
    private readonly stateMachineArn: string,
    private readonly outcomes: readonly ListExecutionsOutcome[],
  ) {}

  /** Sets the RUNNING executions of the next run, newest first, as ListExecutions sorts them. */
  setRunning(executions: readonly RunningExecution[]): void {
    this.running = executions;
  }

  listExecutions(args: CallArguments): JsonObject {
    const arn = args.string("StateMachineArn");
    const status = args.optionalString("StatusFilter");
    const requested = args.optionalWholeNumber("MaxResults", 0, MAX_PAGE_SIZE);
    if (status !== "RUNNING") {
      throw new UnsupportedFeatureError(
        `${args.where("StatusFilter")} is ${JSON.stringify(status)}; the simulator models ListExecutions with StatusFilter RUNNING only, because it keeps no finished executions.`,
      );
    }
    this.checkStateMachine(arn, args.where("StateMachineArn"));

    const outcome = this.outcomes[this.callCount];
    this.callCount += 1;
    if (outcome?.kind === "error") {
      throw sdkError("Sfn", outcome.code, outcome.cause);
    }
    const pageSize = requested ? requested : DEFAULT_PAGE_SIZE;
    const response: JsonObject = {
      Executions: this.running.slice(0, pageSize).map((execution) => ({
        ExecutionArn: execution.executionArn,
        Name: execution.executionArn.slice(
          execution.executionArn.lastIndexOf(":") + 1,
        ),
        StartDate: execution.startDate,
        StateMachineArn: this.stateMachineArn,
        Status: "RUNNING",
      })),
    };
    if (this.running.length > pageSize) {
      response.NextToken = `simulated-token-${pageSize}`;
    }
    return response;
  }

  private checkStateMachine(arn: string, where: string): void {
    if (arn === this.stateMachineArn) {
      return;
    }
    if (
      arn.startsWith(`${this.stateMachineArn}:`) ||
      arn.startsWith(`${this.stateMachineArn}/`)
    ) {
      throw new UnsupportedFeatureError(
        `${where} is ${arn}, an alias, version or Map Run ARN; the simulator models ListExecutions on the unqualified state machine ARN ${this.stateMachineArn} only.`,
      );
    }
    if (!STATE_MACHINE_ARN.test(arn)) {
      throw sdkError("Sfn", "InvalidArn", `${arn} is not a state machine ARN.`);
    }
    throw sdkError(
      "Sfn",
      "StateMachineDoesNotExist",
      `State machine ${arn} does not exist; the stage's state machine is ${this.stateMachineArn}.`,
    );
  }
}
