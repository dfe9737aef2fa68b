import { RULES } from "../../../scripts/guardrails";
import type { Rule } from "../../../scripts/guardrails/rule";
import { evaluateRules, NamedStack } from "../../../scripts/guardrails/runner";
import type { RuleCase } from "./rule-cases";
import { synthStacks, withStack } from "./stacks";

/** Finds a rule of the table by ID, failing the test when it is missing. */
export function ruleById(id: string): Rule {
  const rule = RULES.find((candidate) => candidate.id === id);
  if (!rule) {
    throw new Error(`Rule ${id} is not in the rule table.`);
  }
  return rule;
}

/**
 * Declares, for each case, a test that the real stack complies and a test that the
 * changed stack is reported under the rule's ID.
 */
export function describeRuleCases(cases: readonly RuleCase[]): void {
  let stacks: NamedStack[];

  beforeAll(() => {
    stacks = synthStacks();
  });

  describe.each(cases)("$ruleId", (ruleCase) => {
    it(`passes on the real ${ruleCase.stack} stack`, async () => {
      const report = await evaluateRules(stacks, [ruleById(ruleCase.ruleId)]);
      const result = report.results.find((r) => r.stack === ruleCase.stack);
      expect(result?.violations).toEqual([]);
      expect(result?.status).toBe(ruleCase.compliantStatus ?? "pass");
    });

    it(`fails on ${ruleCase.breaks}`, async () => {
      const changed = withStack(stacks, ruleCase.stack, ruleCase.change);
      const report = await evaluateRules(changed, RULES);
      const failed = report.results.filter(
        (result) => result.stack === ruleCase.stack && result.status === "FAIL",
      );
      expect(failed.map((result) => result.ruleId)).toContain(ruleCase.ruleId);
    });
  });
}
