import { Construct, IConstruct } from "constructs";
import { IAspect } from "cdktf";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { policyDocument } from "./policy";
import { acknowledgeRule } from "./rule-exceptions";

/**
 * Every action a workload role of a stage may ever be granted: the state machine's,
 * Firehose's and the Scheduler's. A role's own policy names what it needs, and this list
 * is the ceiling, so a deploy role that can write role policies cannot grant more.
 */
export const WORKLOAD_ACTIONS = [
  "firehose:PutRecordBatch",
  "glue:GetDatabase",
  "glue:GetTable",
  "glue:UpdateTable",
  "lakeformation:GetDataAccess",
  "logs:CreateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:DescribeLogGroups",
  "logs:DescribeResourcePolicies",
  "logs:GetLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutLogEvents",
  "logs:PutResourcePolicy",
  "logs:UpdateLogDelivery",
  "s3:AbortMultipartUpload",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:GetBucketLocation",
  "s3:GetObject",
  "s3:GetObjectTagging",
  "s3:GetObjectVersion",
  "s3:ListBucket",
  "s3:ListBucketMultipartUploads",
  "s3:ListMultipartUploadParts",
  "s3:PutObject",
  "s3:PutObjectTagging",
  "s3tables:GetNamespace",
  "s3tables:GetTable",
  "s3tables:GetTableBucket",
  "s3tables:GetTableData",
  "s3tables:GetTableMetadataLocation",
  "s3tables:PutTableData",
  "s3tables:UpdateTableMetadataLocation",
  "sqs:SendMessage",
  "states:DescribeExecution",
  "states:ListExecutions",
  "states:StartExecution",
  "states:StopExecution",
  "textract:AnalyzeDocument",
] as const;

/** Builds the ARN of the workload boundary policy, known before the shared stack exists. */
export function workloadBoundaryArn(
  accountId: string,
  project: string,
): string {
  return `arn:aws:iam::${accountId}:policy/${project}-workload-boundary`;
}

/** Properties of a WorkloadBoundary. */
export interface WorkloadBoundaryProps {
  /** Project name, the prefix of the policy name. */
  readonly project: string;
}

/**
 * The permissions boundary of every workload role of the stages: a managed policy that
 * allows at most WORKLOAD_ACTIONS. Stage deploy roles may create and change roles only
 * with this boundary attached, so none of them can make a role more powerful than the
 * pipeline needs.
 */
export class WorkloadBoundary extends Construct {
  /** The boundary policy. */
  readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: WorkloadBoundaryProps) {
    super(scope, id);
    this.policy = new IamPolicy(this, "policy", {
      name: `${props.project}-workload-boundary`,
      description: "Permissions boundary of the pipeline's workload roles",
      policy: policyDocument([
        {
          Sid: "WorkloadActionsOnly",
          Effect: "Allow",
          Action: [...WORKLOAD_ACTIONS],
          Resource: "*",
        },
      ]),
    });
    acknowledgeRule(
      this.policy,
      "IAM-RESOURCE-WILDCARD",
      "A permissions boundary caps which actions a role can ever have; each role's own policy names the resources, so the boundary does not repeat them.",
    );
  }
}

/** Attaches a permissions boundary to every IAM role in the scope it is added to. */
export class PermissionsBoundaryAspect implements IAspect {
  constructor(private readonly boundaryArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof IamRole) {
      node.permissionsBoundary = this.boundaryArn;
    }
  }
}
