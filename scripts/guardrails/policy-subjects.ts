import { policiesOf, PolicyKind, StackPolicy } from "../iam/policies";
import type { StackContext, StackResource } from "./stack";

/** Returns the resources of a stack that carry a policy of one of `kinds`. */
export function policySubjects(
  stack: StackContext,
  kinds: readonly PolicyKind[],
): StackResource[] {
  return policiesOf(stack)
    .filter((policy) => kinds.includes(policy.kind))
    .map((policy) => policy.resource);
}

/** Returns the policies of `kinds` that one resource carries. */
export function subjectPolicies(
  stack: StackContext,
  subject: StackResource,
  kinds: readonly PolicyKind[],
): StackPolicy[] {
  return policiesOf(stack).filter(
    (policy) =>
      policy.resource.address === subject.address &&
      kinds.includes(policy.kind),
  );
}
