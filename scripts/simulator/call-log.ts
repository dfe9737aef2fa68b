import type { JsonValue } from "./json";

/** One AWS call the workflow made, as the simulation reports it. */
export interface CallRecord {
  /** Path of the state, such as `ProcessForms/AnalyzeForms/AnalyzeDocument`. */
  readonly state: string;
  /** Integration resource, such as `arn:aws:states:::aws-sdk:textract:analyzeDocument`. */
  readonly resource: string;
  readonly arguments: JsonValue;
  /** Error name when the call failed, such as `Textract.ThrottlingException`. */
  readonly error?: string;
}

/** One pause the workflow asked for, taken at once in the simulation. */
export interface WaitRecord {
  readonly state: string;
  /** `retry` for a Retry delay, `wait` for a Wait state. */
  readonly kind: "retry" | "wait";
  readonly seconds: number;
  /** Error that was retried, for `retry`. */
  readonly error?: string;
}

/** One child execution of a Distributed Map that failed, as its ResultWriter exported it. */
export interface FailedChild {
  readonly executionArn: string;
  /** The items of the child's input. */
  readonly items: readonly JsonValue[];
  readonly error: string;
  readonly cause: string;
  /** Key of the FAILED_n.json file that lists it, or undefined without a ResultWriter. */
  readonly exportedTo?: string;
}

/** One Map Run of a Distributed Map. */
export interface MapRunRecord {
  readonly mapRunArn: string;
  readonly state: string;
  /** Items the Map read, in order. */
  readonly items: readonly JsonValue[];
  readonly failed: readonly FailedChild[];
}

/** The calls, waits and Map Runs of one run, in order. */
export class RunLog {
  readonly calls: CallRecord[] = [];
  readonly waits: WaitRecord[] = [];
  readonly mapRuns: MapRunRecord[] = [];
}
