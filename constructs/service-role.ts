import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { PolicyStatement, policyDocument } from "./policy";

/** Properties of a ServiceRole. */
export interface ServiceRoleProps {
  /** Role name, at most 64 characters. */
  readonly roleName: string;
  /** What the role is for, shown in IAM. */
  readonly description: string;
  /** Trust policy document. */
  readonly assumeRolePolicy: string;
  /** Statements of the role's one inline policy. */
  readonly statements: readonly PolicyStatement[];
}

/** An IAM role with a trust policy and one inline policy, and no managed policies. */
export class ServiceRole extends Construct {
  /** The role. */
  readonly role: IamRole;
  /** The inline policy. */
  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    if (!/^[\w+=,.@-]{1,64}$/.test(props.roleName)) {
      throw new Error(
        `Invalid roleName "${props.roleName}": expected 1 to 64 letters, digits or +=,.@_-.`,
      );
    }
    if (props.statements.length === 0) {
      throw new Error(
        `Invalid statements for role ${props.roleName}: the list is empty; give the role at least one statement.`,
      );
    }
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: props.assumeRolePolicy,
      maxSessionDuration: 3600,
    });
    this.policy = new IamRolePolicy(this, "policy", {
      name: "permissions",
      role: this.role.id,
      policy: policyDocument(props.statements),
    });
  }
}
