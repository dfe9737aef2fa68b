import { createHash } from "node:crypto";
import { UnsupportedFeatureError } from "../../scripts/simulator/errors";
import type { JsonObject } from "../../scripts/simulator/json";
import { simulate } from "../../scripts/simulator/simulation";
import type { SynthesizedStage } from "../../scripts/simulator/synthesized-stage";
import { REVIEW_PREFIXES } from "../../stacks/stage-stack";
import {
  analyzeMachine,
  putObjectMachine,
  runMachineOnce,
} from "./support/machines";
import { listed, textractFixture } from "./support/simulation";
import { useSynthesizedStages } from "./support/stages";

jest.setTimeout(60_000);

const stages = useSynthesizedStages();

// Returns the staging stage with one change made to a copy of its parsed definition.
function stagingWith(
  change: (definition: JsonObject) => void,
): SynthesizedStage {
  const definition = JSON.parse(stages().staging.definition) as JsonObject;
  change(definition);
  return { ...stages().staging, definition: JSON.stringify(definition) };
}

function childStates(definition: JsonObject): Record<string, JsonObject> {
  const map = (definition.States as Record<string, JsonObject>).ProcessForms;
  return (map.ItemProcessor as JsonObject).States as Record<string, JsonObject>;
}

function formStates(definition: JsonObject): Record<string, JsonObject> {
  const analyze = childStates(definition).AnalyzeForms;
  return (analyze.ItemProcessor as JsonObject).States as Record<
    string,
    JsonObject
  >;
}

function simulateOnce(stage: SynthesizedStage) {
  return simulate({
    stage,
    objects: [],
    responses: new Map(),
    runs: [{ now: new Date("2026-12-04T06:00:00Z"), objects: [] }],
    reviewPrefix: REVIEW_PREFIXES.review,
  });
}

// A string of about `bytes` characters, built in JSONata.
const LARGE_TEXT =
  "{% $join($map([1..30000], function($v) { '0123456789' }), '') %}";

describe("simulator support check", () => {
  it("rejects an unsupported field naming state and field", async () => {
    const stage = stagingWith((definition) => {
      formStates(definition).AnalyzeDocument.TimeoutSeconds = 30;
    });
    await expect(simulateOnce(stage)).rejects.toThrow(UnsupportedFeatureError);
    await expect(simulateOnce(stage)).rejects.toThrow(
      'State ProcessForms/AnalyzeForms/AnalyzeDocument has field "TimeoutSeconds", which the simulator does not support',
    );
  });

  it("rejects an unsupported ItemReader field", async () => {
    const stage = stagingWith((definition) => {
      const map = (definition.States as Record<string, JsonObject>)
        .ProcessForms;
      (map.ItemReader as JsonObject).ReaderConfig = { MaxItems: 10 };
    });
    await expect(simulateOnce(stage)).rejects.toThrow(
      'State ProcessForms ItemReader has field "ReaderConfig", which the simulator does not support',
    );
  });

  it("rejects an unmodelled Task resource", async () => {
    await expect(
      runMachineOnce({
        StartAt: "Invoke",
        States: {
          Invoke: {
            Type: "Task",
            Resource: "arn:aws:states:::lambda:invoke",
            End: true,
          },
        },
      }),
    ).rejects.toThrow(
      'State Invoke has field "Resource" with value "arn:aws:states:::lambda:invoke", which the simulator does not model',
    );
  });

  it("rejects a JSONPath state", async () => {
    await expect(
      runMachineOnce({
        StartAt: "Old",
        States: { Old: { Type: "Pass", QueryLanguage: "JSONPath", End: true } },
      }),
    ).rejects.toThrow(
      'State Old has field "QueryLanguage" with value "JSONPath"',
    );
  });

  it("rejects an unmodelled API parameter", async () => {
    await expect(
      runMachineOnce(
        putObjectMachine({
          Arguments: {
            Bucket: "test-review",
            Key: "a.json",
            Body: "{}",
            ACL: "private",
          },
        }),
      ),
    ).rejects.toThrow(
      'State Put Arguments has field "ACL", which the simulator does not model',
    );
  });
});

describe("payload limit", () => {
  const form = listed("incoming/big.pdf");
  const big = textractFixture("complete-form");
  (big.Blocks as JsonObject[]).push(
    ...Array.from({ length: 4000 }, (_, index) => ({
      BlockType: "WORD",
      Text: `filler-${index}`,
      Id: `filler-${index}-0000-0000-0000-000000000000`,
    })),
  );
  const analyze = (catchers: JsonObject[]): JsonObject => {
    const machine = analyzeMachine(form.Key, [{ Text: "What is the name?" }], {
      Output: "{% $count($states.result.Blocks) %}",
      Catch: catchers,
    });
    (machine.States as JsonObject).Caught = { Type: "Succeed" };
    return machine;
  };

  it("is not caught by States.ALL", async () => {
    const report = await runMachineOnce(
      analyze([{ ErrorEquals: ["States.ALL"], Next: "Caught" }]),
      {},
      { [form.Key]: big },
      [form],
    );
    expect(report.status).toBe("FAILED");
    expect(report.error).toBe("States.DataLimitExceeded");
  });

  it("is caught by a catcher naming it", async () => {
    const report = await runMachineOnce(
      analyze([{ ErrorEquals: ["States.DataLimitExceeded"], Next: "Caught" }]),
      {},
      { [form.Key]: big },
      [form],
    );
    expect(report.status).toBe("SUCCEEDED");
  });

  it("fails the execution for a state output past any Catch", async () => {
    const machine = putObjectMachine({
      Output: LARGE_TEXT,
      Catch: [{ ErrorEquals: ["States.DataLimitExceeded"], Next: "Caught" }],
    });
    (machine.States as JsonObject).Caught = { Type: "Succeed" };
    const report = await runMachineOnce(machine, { body: "{}" });
    expect(report.status).toBe("FAILED");
    expect(report.error).toBe("States.DataLimitExceeded");
    expect(report.cause).toMatch(/^The output of state Put has 300002 bytes/);
  });
});

describe("JSONata evaluation", () => {
  it("raises an error for an expression without value", async () => {
    const report = await runMachineOnce({
      StartAt: "Read",
      States: {
        Read: {
          Type: "Pass",
          Output: { name: "{% $states.input.missing %}" },
          End: true,
        },
      },
    });
    expect(report.status).toBe("FAILED");
    expect(report.error).toBe("States.QueryEvaluationError");
    expect(report.cause).toBe(
      "State Read field Output.name: the JSONata expression returned no value (undefined).",
    );
  });

  it("provides the Step Functions functions", async () => {
    const report = await runMachineOnce(
      putObjectMachine({
        Arguments: {
          Bucket: "test-review",
          Key: "functions.json",
          Body: "{% $string({ 'chunks': $partition([1, 2, 3], 2), 'hash': $hash('abc', 'SHA-256'), 'uuid': $uuid(), 'parsed': $parse('{\"a\": 1}') }) %}",
        },
      }),
    );
    const body = JSON.parse(
      String((report.calls[0].arguments as JsonObject).Body),
    );
    expect(body.chunks).toEqual([[1, 2], [3]]);
    expect(body.hash).toBe(createHash("sha256").update("abc").digest("hex"));
    expect(body.uuid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(body.parsed).toEqual({ a: 1 });
  });

  it("keeps an Output of null", async () => {
    const machine = putObjectMachine({
      Arguments: {
        Bucket: "test-review",
        Key: "null.json",
        Body: "{% $string($states.input) %}",
      },
    });
    const report = await runMachineOnce({
      StartAt: "Nothing",
      States: {
        Nothing: { Type: "Pass", Output: null, Next: "Put" },
        ...(machine.States as JsonObject),
      },
    });
    expect((report.calls[0].arguments as JsonObject).Body).toBe("null");
  });

  it("rejects $eval as Step Functions does", async () => {
    const report = await runMachineOnce({
      StartAt: "Eval",
      States: {
        Eval: { Type: "Pass", Output: "{% $eval('1 + 1') %}", End: true },
      },
    });
    expect(report.error).toBe("States.QueryEvaluationError");
    expect(report.cause).toContain("$eval is not available in Step Functions");
  });
});

describe("variables", () => {
  it("lets an inline Map iteration read outer variables", async () => {
    const report = await runMachineOnce({
      StartAt: "Remember",
      States: {
        Remember: { Type: "Pass", Assign: { greeting: "hello" }, Next: "Each" },
        Each: {
          Type: "Map",
          Items: "{% [1, 2] %}",
          ItemProcessor: {
            StartAt: "Greet",
            States: {
              Greet: {
                Type: "Pass",
                Output: "{% $greeting & ' ' & $string($states.input) %}",
                End: true,
              },
            },
          },
          Next: "Put",
        },
        Put: {
          Type: "Task",
          Resource: "arn:aws:states:::aws-sdk:s3:putObject",
          Arguments: {
            Bucket: "test-review",
            Key: "out.json",
            Body: "{% $string($states.input) %}",
          },
          End: true,
        },
      },
    });
    expect((report.calls[0].arguments as JsonObject).Body).toBe(
      '["hello 1","hello 2"]',
    );
  });

  it("hides parent variables from a Distributed Map child", async () => {
    const report = await runMachineOnce({
      StartAt: "Remember",
      States: {
        Remember: { Type: "Pass", Assign: { greeting: "hello" }, Next: "Each" },
        Each: {
          Type: "Map",
          Items: "{% [1] %}",
          ItemProcessor: {
            ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
            StartAt: "Greet",
            States: {
              Greet: { Type: "Pass", Output: "{% $greeting %}", End: true },
            },
          },
          End: true,
        },
      },
    });
    expect(report.status).toBe("FAILED");
    expect(report.error).toBe("States.ExceedToleratedFailureThreshold");
    expect(report.review.map((entry) => entry.reason)).toEqual([
      "States.QueryEvaluationError: State Each/Greet field Output: the JSONata expression returned no value (undefined).",
    ]);
  });
});

describe("retry and batching", () => {
  it("computes exponential delays capped at MaxDelaySeconds", async () => {
    const report = await runMachineOnce(
      putObjectMachine({
        Arguments: { Bucket: "missing-bucket", Key: "a.json", Body: "{}" },
        Retry: [
          {
            ErrorEquals: ["S3.NoSuchBucketException"],
            IntervalSeconds: 2,
            BackoffRate: 2,
            MaxAttempts: 3,
            MaxDelaySeconds: 5,
          },
        ],
      }),
    );
    expect(report.error).toBe("S3.NoSuchBucketException");
    expect(report.waits.map((wait) => wait.seconds)).toEqual([2, 4, 5]);
    expect(report.calls).toHaveLength(4);
  });

  it("batches items with the batch input", async () => {
    const report = await runMachineOnce({
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          Items: "{% [1, 2, 3] %}",
          ItemBatcher: {
            MaxItemsPerBatch: 2,
            BatchInput: { day: "{% 'monday' %}" },
          },
          ItemProcessor: {
            ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
            StartAt: "Put",
            States: {
              Put: {
                Type: "Task",
                Resource: "arn:aws:states:::aws-sdk:s3:putObject",
                Arguments: {
                  Bucket: "test-review",
                  Key: "{% 'batch-' & $string($states.input.Items[0]) %}",
                  Body: "{% $string($states.input) %}",
                },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    });
    expect(
      report.calls.map((call) => (call.arguments as JsonObject).Body),
    ).toEqual([
      '{"BatchInput":{"day":"monday"},"Items":[1,2]}',
      '{"BatchInput":{"day":"monday"},"Items":[3]}',
    ]);
  });

  it("fails a Choice without match or Default", async () => {
    const report = await runMachineOnce({
      StartAt: "Pick",
      States: {
        Pick: {
          Type: "Choice",
          Choices: [{ Condition: "{% false %}", Next: "Done" }],
        },
        Done: { Type: "Succeed" },
      },
    });
    expect(report.error).toBe("States.NoChoiceMatched");
  });
});

describe("simulated Textract", () => {
  it("fails for an object that is not in the bucket", async () => {
    const report = await runMachineOnce(analyzeMachine("incoming/gone.pdf"));
    expect(report.error).toBe("Textract.InvalidS3ObjectException");
    expect(report.calls.map((call) => call.error)).toEqual([
      "Textract.InvalidS3ObjectException",
    ]);
  });

  it("rejects more than 15 queries", async () => {
    const report = await runMachineOnce(
      analyzeMachine(
        "incoming/a.pdf",
        "{% [1..16].{ 'Text': 'Question ' & $string($) } %}",
      ),
      {},
      {},
      [listed("incoming/a.pdf")],
    );
    expect(report.error).toBe("Textract.InvalidParameterException");
    expect(report.cause).toBe(
      "QueriesConfig.Queries has 16 queries; AnalyzeDocument accepts 1 to 15.",
    );
  });
});

describe("state machine timeout", () => {
  it("times out a run that waits longer than TimeoutSeconds", async () => {
    const stage = stagingWith((definition) => {
      definition.TimeoutSeconds = 60;
      definition.StartAt = "WaitTooLong";
      (definition.States as Record<string, JsonObject>).WaitTooLong = {
        Type: "Wait",
        Seconds: 61,
        Next: "FindOtherRuns",
      };
    });
    const [report] = await simulateOnce(stage);
    expect(report.status).toBe("TIMED_OUT");
    expect(report.error).toBe("States.Timeout");
    expect(report.cause).toContain(
      "longer than the state machine's TimeoutSeconds of 60",
    );
  });

  it("keeps a run within TimeoutSeconds as it ended", async () => {
    const [report] = await simulateOnce(stages().staging);
    expect(report.status).toBe("SUCCEEDED");
  });

  it("rejects a TimeoutSeconds that is not a whole number", async () => {
    const stage = stagingWith((definition) => {
      definition.TimeoutSeconds = "{% 60 %}";
    });
    await expect(simulateOnce(stage)).rejects.toThrow(
      'The state machine\'s TimeoutSeconds is "{% 60 %}"',
    );
  });
});
