import { weakTrust } from "../../iam/trust";
import { policySubjects, subjectPolicies } from "../policy-subjects";
import type { Rule } from "../rule";

const KINDS = ["trust"] as const;

/** Roles trust only a service acting for this stack's own resources. */
export const IAM_TRUST_CONDITIONS: Rule = {
  id: "IAM-TRUST-CONDITIONS",
  requirement:
    "Every trust statement names an AWS service principal and limits it with StringEquals aws:SourceAccount for the stack's account and, where the service sets it, with aws:SourceArn of exactly the stack's own resource: the schedule group for EventBridge Scheduler, the state machine for Step Functions. Firehose, whose guide gives the account as sts:ExternalId instead, must have that.",
  rationale:
    "Without these conditions another account's schedule, state machine or stream could make the service assume the role (the confused deputy problem).",
  fix: "Build the trust policy with serviceTrustPolicy(service, accountId, sourceArn), or externalIdTrustPolicy(service, accountId) for Firehose, from constructs/policy.ts.",
  subjects: (stack) => policySubjects(stack, KINDS),
  check(subject, stack) {
    return subjectPolicies(stack, subject, KINDS).flatMap((policy) =>
      weakTrust(policy, stack),
    );
  },
};
