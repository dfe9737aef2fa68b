import { RULES } from "../../scripts/guardrails";
import { RULE_CASES } from "./support/rule-cases";
import { describeRuleCases } from "./support/run-cases";

jest.setTimeout(60_000);

describe("rule table", () => {
  it("has a case for every rule", () => {
    const covered = RULE_CASES.map((ruleCase) => ruleCase.ruleId).sort();
    expect(covered).toEqual(RULES.map((rule) => rule.id).sort());
  });

  it("has unique rule IDs", () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))(
    "documents %s",
    (_, rule) => {
      expect(rule.id).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)+$/);
      expect(rule.requirement.length).toBeGreaterThan(20);
      expect(rule.rationale.length).toBeGreaterThan(20);
      expect(rule.fix.length).toBeGreaterThan(20);
    },
  );
});

describeRuleCases(
  RULE_CASES.filter(
    (ruleCase) =>
      !ruleCase.ruleId.startsWith("IAM-") &&
      ruleCase.ruleId !== "SFN-ROLE-MATCHES-DEFINITION",
  ),
);
