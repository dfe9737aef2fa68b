import { unknownConditionKeys } from "../../iam/statement-checks";
import { policySubjects, subjectPolicies } from "../policy-subjects";
import type { Rule } from "../rule";

const KINDS = ["identity", "trust", "resource"] as const;

/** Condition keys exist and apply to their statement's actions. */
export const IAM_CONDITION_KEY: Rule = {
  id: "IAM-CONDITION-KEY",
  requirement:
    "Every condition key is a global aws: key or a service key from the IAM service reference, and a service key is supported by one of the statement's actions.",
  rationale:
    "A condition on a key that is never set makes a statement never match, or, under a negated operator, always match.",
  fix: "Use the key as the Service Authorization Reference spells it for the action, such as s3:prefix for s3:ListBucket.",
  subjects: (stack) => policySubjects(stack, KINDS),
  async check(subject, stack) {
    const messages: string[] = [];
    for (const policy of subjectPolicies(stack, subject, KINDS)) {
      messages.push(...(await unknownConditionKeys(policy)));
    }
    return messages;
  },
};
