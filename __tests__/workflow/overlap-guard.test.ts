import { InputFileError } from "../../scripts/simulator/errors";
import {
  parseListExecutionsOutcomes,
  parseListing,
  parseResponses,
  parseRuns,
} from "../../scripts/simulator/input-files";
import type { JsonObject } from "../../scripts/simulator/json";
import { simulate } from "../../scripts/simulator/simulation";
import type { SynthesizedStage } from "../../scripts/simulator/synthesized-stage";
import { REVIEW_PREFIXES } from "../../stacks/stage-stack";
import { runMachineOnce } from "./support/machines";
import {
  callCounts,
  callsTo,
  listed,
  recordOf,
  textractFixture,
} from "./support/simulation";
import { useSynthesizedStages } from "./support/stages";

jest.setTimeout(60_000);

const stages = useSynthesizedStages();

const STATE_MACHINE_ARN =
  "arn:aws:states:eu-west-1:111111111111:stateMachine:forms-to-tables-staging-extract-forms";
const EXECUTIONS =
  "arn:aws:states:eu-west-1:111111111111:execution:forms-to-tables-staging-extract-forms";
const OTHER_RUN = `${EXECUTIONS}:hourly-run-0500`;
const MANUAL_RUN = `${EXECUTIONS}:manual-rerun`;
const OWN_RUN = new RegExp(`^${EXECUTIONS}:[0-9a-f-]{36}$`);

const JANE = listed(
  "incoming/jane.pdf",
  48_213,
  '"5d41402abc4b2a76b9719d911017c592"',
);
const JANE_RECORD = {
  full_name: "Jane Doe",
  email: "jane.doe@example.com",
  phone_number: "+1 555 0100",
  mailing_address: "1 Main Street, Springfield",
  interest: "Solar panels",
};
const THROTTLED = { error: "ThrottlingException", cause: "Rate exceeded" };

interface GuardCase {
  readonly runningExecutions?: readonly string[];
  readonly listExecutions?: readonly unknown[];
  readonly now?: string;
  readonly input?: JsonObject;
}

// Runs the staging definition once on Jane's form.
async function runStaging(guardCase: GuardCase = {}) {
  const [report] = await simulate({
    stage: stages().staging,
    objects: parseListing([JANE], "objects"),
    responses: parseResponses(
      { [JANE.Key]: textractFixture("complete-form") },
      "responses",
    ),
    listExecutions: parseListExecutionsOutcomes(
      guardCase.listExecutions ?? [],
      "list-executions",
    ),
    runs: [
      {
        now: new Date(guardCase.now ?? "2026-12-04T06:00:00Z"),
        objects: [],
        input: guardCase.input,
        runningExecutions: guardCase.runningExecutions,
      },
    ],
    reviewPrefix: REVIEW_PREFIXES.review,
  });
  return report;
}

function skippedOutput(otherArn: string): JsonObject {
  return {
    outcome: "skipped",
    reason: `Another run of this state machine is in progress: ${otherArn} is RUNNING, so this run listed and moved no forms; the next run processes them.`,
    runningExecutionArn: otherArn,
  };
}

describe("overlap guard", () => {
  it("lists the RUNNING executions first", async () => {
    const report = await runStaging();
    expect(report.calls[0]).toEqual({
      state: "FindOtherRuns",
      resource: "arn:aws:states:::aws-sdk:sfn:listExecutions",
      arguments: {
        StateMachineArn: STATE_MACHINE_ARN,
        StatusFilter: "RUNNING",
        MaxResults: 2,
      },
    });
  });

  it("proceeds when only this run is running", async () => {
    const report = await runStaging();
    expect(report.status).toBe("SUCCEEDED");
    expect(report.records).toEqual([
      recordOf(JANE.Key, JANE.Etag, JANE_RECORD),
    ]);
    expect(report.review).toEqual([]);
    expect(report.remainingInputKeys).toEqual([]);
    expect(report.waits).toEqual([]);
    expect(callCounts(report)).toEqual({
      "aws-sdk:sfn:listExecutions": 1,
      "s3:listObjectsV2": 1,
      "aws-sdk:textract:analyzeDocument": 1,
      "aws-sdk:firehose:putRecordBatch": 1,
      "aws-sdk:s3:copyObject": 1,
      "aws-sdk:s3:deleteObject": 1,
      "s3:putObject": 2,
    });
  });

  it("skips the run when another one is running", async () => {
    const report = await runStaging({ runningExecutions: [OTHER_RUN] });
    expect(report.status).toBe("SUCCEEDED");
    expect(report.output).toEqual(skippedOutput(OTHER_RUN));
    expect(report.records).toEqual([]);
    expect(report.review).toEqual([]);
    expect(report.skipped).toEqual([]);
    expect(report.remainingInputKeys).toEqual([JANE.Key]);
    expect(report.waits).toEqual([]);
    expect(callCounts(report)).toEqual({ "aws-sdk:sfn:listExecutions": 1 });
  });

  it("names the newest other execution", async () => {
    const report = await runStaging({
      runningExecutions: [MANUAL_RUN, OTHER_RUN],
    });
    expect(report.output).toEqual(skippedOutput(MANUAL_RUN));
    expect(callCounts(report)).toEqual({ "aws-sdk:sfn:listExecutions": 1 });
  });

  it("passes the execution input on", async () => {
    const report = await runStaging({
      now: "2026-12-04T23:30:00Z",
      input: { scheduledTime: "2026-12-05T00:00:00Z" },
    });
    expect(report.records).toEqual([
      recordOf(JANE.Key, JANE.Etag, JANE_RECORD, "2026-12-05"),
    ]);
  });
});

describe("overlap guard throttling", () => {
  it("retries the listing with backoff", async () => {
    const report = await runStaging({
      listExecutions: [THROTTLED, THROTTLED, null],
    });
    expect(report.status).toBe("SUCCEEDED");
    expect(
      callsTo(report, "aws-sdk:sfn:listExecutions").map((call) => call.error),
    ).toEqual([
      "Sfn.ThrottlingException",
      "Sfn.ThrottlingException",
      undefined,
    ]);
    expect(report.waits.map((wait) => [wait.state, wait.error])).toEqual([
      ["FindOtherRuns", "Sfn.ThrottlingException"],
      ["FindOtherRuns", "Sfn.ThrottlingException"],
    ]);
    // Full jitter: each delay lies between 0 and 1, then 2 seconds.
    report.waits.forEach((wait, index) => {
      expect(wait.seconds).toBeGreaterThanOrEqual(0);
      expect(wait.seconds).toBeLessThanOrEqual(2 ** index);
    });
    expect(report.records).toEqual([
      recordOf(JANE.Key, JANE.Etag, JANE_RECORD),
    ]);
  });

  it("skips after a throttled listing finds another run", async () => {
    const report = await runStaging({
      runningExecutions: [OTHER_RUN],
      listExecutions: [THROTTLED],
    });
    expect(report.output).toEqual(skippedOutput(OTHER_RUN));
    expect(callCounts(report)).toEqual({ "aws-sdk:sfn:listExecutions": 2 });
  });

  it("fails the run without touching forms once retries run out", async () => {
    const report = await runStaging({
      listExecutions: Array.from({ length: 6 }, () => THROTTLED),
    });
    expect(report.status).toBe("FAILED");
    expect(report.error).toBe("Sfn.ThrottlingException");
    expect(report.cause).toBe("Rate exceeded");
    expect(report.waits).toHaveLength(5);
    report.waits.forEach((wait, index) => {
      expect(wait.seconds).toBeLessThanOrEqual(Math.min(16, 2 ** index));
    });
    expect(callCounts(report)).toEqual({ "aws-sdk:sfn:listExecutions": 6 });
    expect(report.remainingInputKeys).toEqual([JANE.Key]);
  });
});

describe("overlap guard across runs", () => {
  it("leaves the forms to the run after an overlap", async () => {
    const late = listed("incoming/late.pdf");
    const runs = parseRuns(
      [
        { now: "2026-12-04T06:00:00Z" },
        {
          now: "2026-12-04T07:00:00Z",
          objects: [late],
          runningExecutions: [OTHER_RUN],
        },
        { now: "2026-12-04T08:00:00Z" },
      ],
      "runs.json",
    );
    const reports = await simulate({
      stage: stages().staging,
      objects: parseListing([JANE], "objects"),
      responses: parseResponses(
        {
          [JANE.Key]: textractFixture("complete-form"),
          [late.Key]: textractFixture("complete-form"),
        },
        "responses",
      ),
      runs,
      reviewPrefix: REVIEW_PREFIXES.review,
    });
    expect(reports.map((report) => report.status)).toEqual([
      "SUCCEEDED",
      "SUCCEEDED",
      "SUCCEEDED",
    ]);
    expect(reports.map((report) => report.records.length)).toEqual([1, 0, 1]);
    expect(reports[1].output).toEqual(skippedOutput(OTHER_RUN));
    expect(reports[2].records).toEqual([
      recordOf(late.Key, late.Etag, JANE_RECORD),
    ]);
    expect(reports.map((report) => report.remainingInputKeys)).toEqual([
      [],
      [late.Key],
      [],
    ]);
  });

  it("does not list earlier runs as running", async () => {
    const reports = await simulate({
      stage: stages().staging,
      objects: [],
      responses: new Map(),
      runs: [
        { now: new Date("2026-12-04T06:00:00Z"), objects: [] },
        { now: new Date("2026-12-04T07:00:00Z"), objects: [] },
      ],
      reviewPrefix: REVIEW_PREFIXES.review,
    });
    expect(reports[1].status).toBe("SUCCEEDED");
    expect(reports[1].output).toHaveProperty("MapRunArn");
    expect(callCounts(reports[1])).toEqual({
      "aws-sdk:sfn:listExecutions": 1,
      "s3:listObjectsV2": 1,
      "s3:putObject": 1,
    });
  });
});

describe("simulated ListExecutions", () => {
  const listMachine = (args: JsonObject): JsonObject => ({
    StartAt: "List",
    States: {
      List: {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:sfn:listExecutions",
        Arguments: args,
        End: true,
      },
    },
  });
  const TEST_MACHINE =
    "arn:aws:states:eu-west-1:111111111111:stateMachine:test-machine";

  it("returns this execution newest first", async () => {
    const report = await runMachineOnce(
      listMachine({ StateMachineArn: TEST_MACHINE, StatusFilter: "RUNNING" }),
    );
    expect(report.output).toEqual({
      Executions: [
        {
          ExecutionArn: expect.stringMatching(
            /^arn:aws:states:eu-west-1:111111111111:execution:test-machine:[0-9a-f-]{36}$/,
          ),
          Name: expect.stringMatching(/^[0-9a-f-]{36}$/),
          StartDate: "2026-12-04T06:00:00.000Z",
          StateMachineArn: TEST_MACHINE,
          Status: "RUNNING",
        },
      ],
    });
  });

  it("pages with NextToken past MaxResults", async () => {
    const stage: SynthesizedStage = {
      ...stages().staging,
      definition: JSON.stringify({
        QueryLanguage: "JSONata",
        ...listMachine({
          StateMachineArn: STATE_MACHINE_ARN,
          StatusFilter: "RUNNING",
          MaxResults: 2,
        }),
      }),
    };
    const [report] = await simulate({
      stage,
      objects: [],
      responses: new Map(),
      runs: [
        {
          now: new Date("2026-12-04T06:00:00Z"),
          objects: [],
          runningExecutions: [OTHER_RUN, MANUAL_RUN],
        },
      ],
      reviewPrefix: REVIEW_PREFIXES.review,
    });
    const output = report.output as {
      Executions: { ExecutionArn: string; StartDate: string }[];
      NextToken: string;
    };
    expect(output.Executions.map((item) => item.ExecutionArn)).toEqual([
      expect.stringMatching(OWN_RUN),
      OTHER_RUN,
    ]);
    expect(output.Executions.map((item) => item.StartDate)).toEqual([
      "2026-12-04T06:00:00.000Z",
      "2026-12-04T05:59:59.000Z",
    ]);
    expect(output.NextToken).toBe("simulated-token-2");
  });

  it("fails for another state machine", async () => {
    const report = await runMachineOnce(
      listMachine({
        StateMachineArn:
          "arn:aws:states:eu-west-1:111111111111:stateMachine:other-machine",
        StatusFilter: "RUNNING",
      }),
    );
    expect(report.error).toBe("Sfn.StateMachineDoesNotExistException");
  });

  it("rejects a StatusFilter other than RUNNING", async () => {
    await expect(
      runMachineOnce(
        listMachine({ StateMachineArn: TEST_MACHINE, StatusFilter: "FAILED" }),
      ),
    ).rejects.toThrow(
      'State List Arguments.StatusFilter is "FAILED"; the simulator models ListExecutions with StatusFilter RUNNING only, because it keeps no finished executions.',
    );
  });

  it("rejects an unmodelled NextToken", async () => {
    await expect(
      runMachineOnce(
        listMachine({
          StateMachineArn: TEST_MACHINE,
          StatusFilter: "RUNNING",
          NextToken: "token",
        }),
      ),
    ).rejects.toThrow(
      'State List Arguments has field "NextToken", which the simulator does not model; it models StateMachineArn, StatusFilter, MaxResults.',
    );
  });

  it("rejects an alias ARN", async () => {
    await expect(
      runMachineOnce(
        listMachine({
          StateMachineArn: `${TEST_MACHINE}:live`,
          StatusFilter: "RUNNING",
        }),
      ),
    ).rejects.toThrow(
      `State List Arguments.StateMachineArn is ${TEST_MACHINE}:live, an alias, version or Map Run ARN; the simulator models ListExecutions on the unqualified state machine ARN ${TEST_MACHINE} only.`,
    );
  });

  it("rejects MaxResults over 1000", async () => {
    await expect(
      runMachineOnce(
        listMachine({
          StateMachineArn: TEST_MACHINE,
          StatusFilter: "RUNNING",
          MaxResults: 1001,
        }),
      ),
    ).rejects.toThrow(
      "State List Arguments.MaxResults is 1001; expected a whole number from 0 to 1000.",
    );
  });
});

describe("running executions input", () => {
  it("rejects an ARN that is not an execution", () => {
    expect(() =>
      parseRuns(
        [
          {
            now: "2026-12-04T06:00:00Z",
            runningExecutions: [STATE_MACHINE_ARN],
          },
        ],
        "runs.json",
      ),
    ).toThrow(
      `Invalid runs.json: field "[0].runningExecutions[0]" has value "${STATE_MACHINE_ARN}"; expected the ARN of an execution, such as "arn:aws:states:eu-west-1:111111111111:execution:forms-to-tables-staging-extract-forms:manual-run"`,
    );
  });

  it("rejects an execution listed twice", () => {
    expect(() =>
      parseRuns(
        [
          {
            now: "2026-12-04T06:00:00Z",
            runningExecutions: [OTHER_RUN, OTHER_RUN],
          },
        ],
        "runs.json",
      ),
    ).toThrow(
      `Invalid runs.json run 0 runningExecutions: field "[1]" has value "${OTHER_RUN}", which an earlier entry already has; list each execution once.`,
    );
  });

  it("rejects an execution of another state machine", async () => {
    const foreign =
      "arn:aws:states:eu-west-1:111111111111:execution:forms-to-tables-prod-extract-forms:run-1";
    await expect(runStaging({ runningExecutions: [foreign] })).rejects.toThrow(
      InputFileError,
    );
    await expect(runStaging({ runningExecutions: [foreign] })).rejects.toThrow(
      `Run 1 lists the running execution ${foreign}, which is not an execution of the stage's state machine; give an ARN that starts with ${EXECUTIONS}:.`,
    );
  });

  it("rejects a ListExecutions error with the Sfn prefix", () => {
    expect(() =>
      parseListExecutionsOutcomes(
        [{ error: "Sfn.ThrottlingException", cause: "Rate exceeded" }],
        "list-executions.json",
      ),
    ).toThrow(
      'Invalid list-executions.json: field "[0].error" has value "Sfn.ThrottlingException"; expected one of InvalidArn, InvalidToken, ResourceNotFound, StateMachineDoesNotExist, StateMachineTypeNotSupported, ThrottlingException, ValidationException, without the "Sfn." prefix; give null for a call that lists the running executions.',
    );
  });
});
