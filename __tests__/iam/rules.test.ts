import { RULE_CASES } from "../guardrails/support/rule-cases";
import { describeRuleCases } from "../guardrails/support/run-cases";

jest.setTimeout(60_000);

describeRuleCases(
  RULE_CASES.filter(
    (ruleCase) =>
      ruleCase.ruleId.startsWith("IAM-") ||
      ruleCase.ruleId === "SFN-ROLE-MATCHES-DEFINITION",
  ),
);
