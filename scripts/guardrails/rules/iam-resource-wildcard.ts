import { starResources } from "../../iam/statement-checks";
import { policySubjects, subjectPolicies } from "../policy-subjects";
import type { Rule } from "../rule";

const KINDS = ["identity", "resource"] as const;

/** `"Resource": "*"` only where nothing narrower exists. */
export const IAM_RESOURCE_WILDCARD: Rule = {
  id: "IAM-RESOURCE-WILDCARD",
  requirement:
    'An Allow statement has "Resource": "*" only when every action in it supports no resource types (such as textract:AnalyzeDocument and the CloudWatch Logs delivery actions), and never NotResource.',
  rationale:
    "Any action that can be scoped to an ARN must be, so a role reaches only its own stage's resources.",
  fix: 'Move the scopable actions to a statement that names their ARNs; keep "*" only for actions without resource types.',
  subjects: (stack) => policySubjects(stack, KINDS),
  async check(subject, stack) {
    const messages: string[] = [];
    for (const policy of subjectPolicies(stack, subject, KINDS)) {
      messages.push(...(await starResources(policy)));
    }
    return messages;
  },
};
