import { asList } from "../../iam/policies";
import type { Rule } from "../rule";
import { resourcesOfType, StackContext, StackResource } from "../stack";

// Resource types that attach managed policies, with the argument that names them.
const ATTACHMENTS: readonly { type: string; argument: string }[] = [
  { type: "aws_iam_role_policy_attachment", argument: "policy_arn" },
  { type: "aws_iam_policy_attachment", argument: "policy_arn" },
  {
    type: "aws_iam_role_policy_attachments_exclusive",
    argument: "policy_arns",
  },
  { type: "aws_iam_role", argument: "managed_policy_arns" },
];

/** Every permission is in an inline policy the IAM rules can read. */
export const IAM_INLINE_POLICIES_ONLY: Rule = {
  id: "IAM-INLINE-POLICIES-ONLY",
  requirement:
    "No role has a managed policy attached; every permission is in an inline aws_iam_role_policy whose statements the IAM rules check.",
  rationale:
    "A managed policy such as PowerUserAccess grants actions by wildcard and NotAction, out of sight of every other IAM rule.",
  fix: "Replace the managed policy with an inline policy that lists the actions and ARNs, or declare an exception that says why the role needs it.",
  subjects: attachingResources,
  check(subject) {
    const argument = ATTACHMENTS.find(
      ({ type }) => type === subject.type,
    )?.argument;
    return asList(argument ? subject.body[argument] : undefined).map(
      (policyArn) =>
        `attaches managed policy ${policyArn}, whose statements the IAM rules cannot read`,
    );
  },
};

function attachingResources(stack: StackContext): StackResource[] {
  return ATTACHMENTS.flatMap(({ type, argument }) =>
    resourcesOfType(stack, type).filter(
      (resource) => asList(resource.body[argument]).length > 0,
    ),
  );
}
