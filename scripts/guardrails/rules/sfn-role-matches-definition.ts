import { stateMachineRoleProblems } from "../../iam/state-machine-role";
import type { Rule } from "../rule";
import { resourcesOfType } from "../stack";

/** The state machine role grants what the definition uses, and nothing else. */
export const SFN_ROLE_MATCHES_DEFINITION: Rule = {
  id: "SFN-ROLE-MATCHES-DEFINITION",
  requirement:
    "The inline policy of every state machine's role grants exactly the actions, resources and conditions its synthesized definition needs (per workflowPermissions, including Distributed Map child executions and the S3 reads Textract makes), plus log delivery when it logs.",
  rationale:
    "A Task without its permission fails in production; a permission no state uses is access nobody reviews.",
  fix: "Build the role from workflowPermissions in constructs/workflow-permissions.ts, and add an integration there when the definition gains one.",
  subjects: (stack) => resourcesOfType(stack, "aws_sfn_state_machine"),
  check: stateMachineRoleProblems,
};
