import { formatReport } from "../../scripts/guardrails/report";
import type { Rule } from "../../scripts/guardrails/rule";
import { evaluateRules, hasViolations } from "../../scripts/guardrails/runner";
import { resourcesOfType, TerraformJson } from "../../scripts/guardrails/stack";

// A rule that every queue must have a name, to test the runner without real rules.
const QUEUE_NAMED: Rule = {
  id: "TEST-QUEUE-NAMED",
  requirement: "Every SQS queue sets a name in the test stacks.",
  rationale: "The runner tests need a rule with a simple outcome.",
  fix: "Give the queue a name in the test stack.",
  subjects: (stack) => resourcesOfType(stack, "aws_sqs_queue"),
  check: (queue) => (queue.body.name ? [] : ["the queue has no name"]),
};

function stackWith(
  queues: Record<string, Record<string, unknown>>,
): TerraformJson {
  return { resource: { aws_sqs_queue: queues } };
}

const EXEMPT = {
  "//": {
    guardrails: {
      exceptions: { "TEST-QUEUE-NAMED": "The test queue is named by AWS." },
    },
  },
};

describe("evaluateRules", () => {
  it("reports pass for a compliant resource", async () => {
    const report = await evaluateRules(
      [{ name: "staging", json: stackWith({ q: { name: "jobs" } }) }],
      [QUEUE_NAMED],
    );
    expect(report.results[0].status).toBe("pass");
    expect(hasViolations(report)).toBe(false);
  });

  it("reports FAIL with the resource address", async () => {
    const report = await evaluateRules(
      [{ name: "staging", json: stackWith({ q: {} }) }],
      [QUEUE_NAMED],
    );
    expect(report.results[0].status).toBe("FAIL");
    expect(report.results[0].violations).toEqual([
      { resource: "aws_sqs_queue.q", message: "the queue has no name" },
    ]);
    expect(hasViolations(report)).toBe(true);
  });

  it("reports n/a for a stack without subjects", async () => {
    const report = await evaluateRules(
      [{ name: "shared", json: {} }],
      [QUEUE_NAMED],
    );
    expect(report.results[0].status).toBe("n/a");
  });

  it("reports a declared exception with its reason", async () => {
    const report = await evaluateRules(
      [{ name: "staging", json: stackWith({ q: { ...EXEMPT } }) }],
      [QUEUE_NAMED],
    );
    const [result] = report.results;
    expect(result.status).toBe("exception");
    expect(result.violations).toEqual([]);
    expect(result.exceptions).toEqual([
      {
        resource: "aws_sqs_queue.q",
        message: "the queue has no name",
        reason: "The test queue is named by AWS.",
      },
    ]);
    expect(hasViolations(report)).toBe(false);
  });

  it("fails on an exception that matches no violation", async () => {
    const report = await evaluateRules(
      [
        {
          name: "staging",
          json: stackWith({ q: { name: "jobs", ...EXEMPT } }),
        },
      ],
      [QUEUE_NAMED],
    );
    expect(report.results[0].status).toBe("pass");
    expect(report.unusedExceptions).toEqual([
      {
        stack: "staging",
        resource: "aws_sqs_queue.q",
        ruleId: "TEST-QUEUE-NAMED",
        reason: "The test queue is named by AWS.",
      },
    ]);
    expect(hasViolations(report)).toBe(true);
  });
});

describe("formatReport", () => {
  it("prints a table of rules by stacks", async () => {
    const report = await evaluateRules(
      [
        { name: "shared", json: {} },
        { name: "staging", json: stackWith({ q: {} }) },
        { name: "prod", json: stackWith({ q: { ...EXEMPT } }) },
      ],
      [QUEUE_NAMED],
    );
    const lines = formatReport(report).split("\n");
    expect(lines[0]).toBe("rule              shared  staging  prod");
    expect(lines[1]).toBe("TEST-QUEUE-NAMED  n/a     FAIL     exception");
  });

  it("prints violations with the fix and exceptions with the reason", async () => {
    const report = await evaluateRules(
      [
        { name: "staging", json: stackWith({ q: {} }) },
        { name: "prod", json: stackWith({ q: { ...EXEMPT } }) },
      ],
      [QUEUE_NAMED],
    );
    const text = formatReport(report);
    expect(text).toContain(
      "  TEST-QUEUE-NAMED [staging] aws_sqs_queue.q: the queue has no name\n    fix: Give the queue a name in the test stack.",
    );
    expect(text).toContain(
      "  TEST-QUEUE-NAMED [prod] aws_sqs_queue.q: the queue has no name\n    reason: The test queue is named by AWS.",
    );
  });
});
