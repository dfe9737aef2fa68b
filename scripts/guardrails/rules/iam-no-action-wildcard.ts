import { wildcardActions } from "../../iam/statement-checks";
import { policySubjects, subjectPolicies } from "../policy-subjects";
import type { Rule } from "../rule";

const KINDS = ["identity", "trust", "resource"] as const;

/** Allow statements list their actions. */
export const IAM_NO_ACTION_WILDCARD: Rule = {
  id: "IAM-NO-ACTION-WILDCARD",
  requirement:
    "No Allow statement has a wildcard (* or ?) in an action or uses NotAction. Deny statements may, such as the TLS-only deny of s3:*.",
  rationale:
    "A wildcard grants every action AWS adds to the service later, which no review has seen.",
  fix: "List the actions the role calls, one by one.",
  subjects: (stack) => policySubjects(stack, KINDS),
  check(subject, stack) {
    return subjectPolicies(stack, subject, KINDS).flatMap(wildcardActions);
  },
};
