import { resourcesOutsideStack } from "../../iam/scope";
import { policySubjects, subjectPolicies } from "../policy-subjects";
import type { Rule } from "../rule";

const KINDS = ["identity", "resource"] as const;

/** Policies name the stack's own resources. */
export const IAM_RESOURCE_SCOPE: Rule = {
  id: "IAM-RESOURCE-SCOPE",
  requirement:
    "Every resource ARN names the stack's own account and Region (never *), no other stack's resources, and has no wildcard before the stack's own name prefix, such as forms-to-tables-prod.",
  rationale:
    "Staging and prod may share an account; a staging role must never reach prod data, and no role may reach another account.",
  fix: "Build ARNs with the arn helpers in stacks/names.ts from the stage's own names.",
  subjects: (stack) => policySubjects(stack, KINDS),
  check(subject, stack) {
    return subjectPolicies(stack, subject, KINDS).flatMap((policy) =>
      resourcesOutsideStack(policy, stack),
    );
  },
};
