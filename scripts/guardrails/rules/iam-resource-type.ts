import { mismatchedResourceTypes } from "../../iam/statement-checks";
import { policySubjects, subjectPolicies } from "../policy-subjects";
import type { Rule } from "../rule";

const KINDS = ["identity", "resource"] as const;

/** Each ARN is of a type its actions apply to. */
export const IAM_RESOURCE_TYPE: Rule = {
  id: "IAM-RESOURCE-TYPE",
  requirement:
    "In every Allow statement, each resource ARN matches the ARN format of a resource type of one of its actions, and each action has a resource it applies to.",
  rationale:
    "A mismatch (such as s3:ListBucket on an object ARN) grants nothing, so the call fails at run time although the policy looks right.",
  fix: "Give each action an ARN of the resource type the Service Authorization Reference lists for it, for example arn:aws:s3:::bucket for s3:ListBucket.",
  subjects: (stack) => policySubjects(stack, KINDS),
  async check(subject, stack) {
    const messages: string[] = [];
    for (const policy of subjectPolicies(stack, subject, KINDS)) {
      messages.push(...(await mismatchedResourceTypes(policy)));
    }
    return messages;
  },
};
