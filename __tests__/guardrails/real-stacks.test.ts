import { STACKS_IN_DEPLOY_ORDER } from "../../stacks/stack-list";
import { RULES } from "../../scripts/guardrails";
import {
  evaluateRules,
  GuardrailReport,
} from "../../scripts/guardrails/runner";
import { synthStacks } from "./support/stacks";

jest.setTimeout(60_000);

let report: GuardrailReport;

beforeAll(async () => {
  report = await evaluateRules(synthStacks(), RULES);
});

describe("guardrails on the synthesized stacks", () => {
  it("find no violation", () => {
    const violations = report.results.flatMap((result) =>
      result.violations.map(
        (violation) =>
          `${result.ruleId} [${result.stack}] ${violation.resource}: ${violation.message}`,
      ),
    );
    expect(violations).toEqual([]);
  });

  it("leave no declared exception unused", () => {
    expect(report.unusedExceptions).toEqual([]);
  });

  it("report only the expected exceptions", () => {
    const exceptions = report.results
      .filter((result) => result.status === "exception")
      .map((result) => `${result.ruleId} [${result.stack}]`);
    expect(exceptions).toEqual([
      "IAM-RESOURCE-WILDCARD [shared]",
      "IAM-RESOURCE-SCOPE [shared]",
      "IAM-INLINE-POLICIES-ONLY [shared]",
    ]);
  });

  it("give every exception a reason", () => {
    const reasons = report.results.flatMap((result) =>
      result.exceptions.map((exception) => exception.reason),
    );
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) {
      expect(reason.length).toBeGreaterThanOrEqual(20);
    }
  });

  it("apply the prod-only rules to prod alone", () => {
    for (const ruleId of ["SFN-NO-EXECUTION-DATA", "PROD-PREVENT-DESTROY"]) {
      const statuses = report.results
        .filter((result) => result.ruleId === ruleId)
        .map((result) => [result.stack, result.status]);
      expect(statuses).toEqual(
        STACKS_IN_DEPLOY_ORDER.map((stack) => [
          stack,
          stack === "prod" ? "pass" : "n/a",
        ]),
      );
    }
  });
});
