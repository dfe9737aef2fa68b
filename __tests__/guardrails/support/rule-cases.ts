import type { RuleStatus } from "../../../scripts/guardrails/runner";
import type { TerraformJson } from "../../../scripts/guardrails/stack";
import { editDefinition, editPolicy, resourceAt } from "./stacks";

type Body = Record<string, unknown>;

/** One rule's pair of examples: a real stack that complies, and a change that breaks it. */
export interface RuleCase {
  readonly ruleId: string;
  /** Real stack that complies, and that the change is applied to. */
  readonly stack: "shared" | "staging" | "prod";
  /** Status of the unchanged stack. @default "pass" */
  readonly compliantStatus?: RuleStatus;
  /** What the change breaks, for the test name. */
  readonly breaks: string;
  readonly change: (json: TerraformJson) => void;
}

const first = (body: Body, field: string) => (body[field] as Body[])[0];

// Edits the inline policy of the role at `pathEnd`, such as `schedule/role/policy`.
function editRolePolicy(
  json: TerraformJson,
  pathEnd: string,
  change: Parameters<typeof editPolicy>[2],
): void {
  editPolicy(
    resourceAt(json, "aws_iam_role_policy", pathEnd),
    "policy",
    change,
  );
}

/** Cases for every rule of the table, IAM rules included. */
export const RULE_CASES: readonly RuleCase[] = [
  {
    ruleId: "S3-PUBLIC-ACCESS",
    stack: "staging",
    breaks: "block_public_policy off",
    change: (json) => {
      resourceAt(
        json,
        "aws_s3_bucket_public_access_block",
        "input-bucket/public-access",
      ).block_public_policy = false;
    },
  },
  {
    ruleId: "S3-OWNERSHIP-ENFORCED",
    stack: "staging",
    breaks: "ObjectWriter ownership",
    change: (json) => {
      const controls = resourceAt(
        json,
        "aws_s3_bucket_ownership_controls",
        "review-bucket/ownership",
      );
      controls.rule = { object_ownership: "ObjectWriter" };
    },
  },
  {
    ruleId: "S3-DEFAULT-ENCRYPTION",
    stack: "staging",
    breaks: "encryption configuration removed",
    change: (json) => {
      const configs =
        json.resource?.aws_s3_bucket_server_side_encryption_configuration ?? {};
      for (const name of Object.keys(configs)) {
        delete configs[name];
      }
    },
  },
  {
    ruleId: "S3-TLS-ONLY",
    stack: "staging",
    breaks: "deny only over TLS",
    change: (json) => {
      editPolicy(
        resourceAt(json, "aws_s3_bucket_policy", "input-bucket/policy"),
        "policy",
        (policy) => {
          policy.Statement[0].Condition = {
            Bool: { "aws:SecureTransport": "true" },
          };
        },
      );
    },
  },
  {
    ruleId: "S3-VERSIONING",
    stack: "staging",
    breaks: "versioning suspended",
    change: (json) => {
      resourceAt(
        json,
        "aws_s3_bucket_versioning",
        "review-bucket/versioning",
      ).versioning_configuration = {
        status: "Suspended",
      };
    },
  },
  {
    ruleId: "S3-LIFECYCLE-NONCURRENT",
    stack: "staging",
    breaks: "noncurrent expiry removed",
    change: (json) => {
      const lifecycle = resourceAt(
        json,
        "aws_s3_bucket_lifecycle_configuration",
        "input-bucket/lifecycle",
      );
      lifecycle.rule = (lifecycle.rule as Body[]).filter(
        (rule) => rule.noncurrent_version_expiration === undefined,
      );
    },
  },
  {
    ruleId: "S3-LIFECYCLE-EXPIRY",
    stack: "staging",
    breaks: "delivery errors kept forever",
    change: (json) => {
      const lifecycle = resourceAt(
        json,
        "aws_s3_bucket_lifecycle_configuration",
        "review-bucket/lifecycle",
      );
      lifecycle.rule = (lifecycle.rule as Body[]).filter(
        (rule) => first(rule, "filter")?.prefix !== "delivery-errors/",
      );
    },
  },
  {
    ruleId: "S3TABLES-ENCRYPTION",
    stack: "staging",
    breaks: "encryption left to the default",
    change: (json) => {
      delete resourceAt(json, "aws_s3tables_table_bucket", "table/table-bucket")
        .encryption_configuration;
    },
  },
  {
    ruleId: "S3TABLES-MAINTENANCE",
    stack: "staging",
    breaks: "snapshot expiry disabled",
    change: (json) => {
      const table = resourceAt(json, "aws_cloudformation_stack", "table/table");
      const template = JSON.parse(String(table.template_body)) as {
        Resources: Record<string, { Properties: Body }>;
      };
      template.Resources.Table.Properties.SnapshotManagement = {
        Status: "disabled",
      };
      table.template_body = JSON.stringify(template);
    },
  },
  {
    ruleId: "LOGS-RETENTION",
    stack: "staging",
    breaks: "retention removed",
    change: (json) => {
      delete resourceAt(json, "aws_cloudwatch_log_group", "workflow/log-group")
        .retention_in_days;
    },
  },
  {
    ruleId: "SFN-LOGGING",
    stack: "staging",
    breaks: "FATAL level",
    change: (json) => {
      const machine = resourceAt(
        json,
        "aws_sfn_state_machine",
        "workflow/state-machine",
      );
      (machine.logging_configuration as Body).level = "FATAL";
    },
  },
  {
    ruleId: "SFN-NO-EXECUTION-DATA",
    stack: "prod",
    breaks: "execution data logged",
    change: (json) => {
      const machine = resourceAt(
        json,
        "aws_sfn_state_machine",
        "workflow/state-machine",
      );
      (machine.logging_configuration as Body).include_execution_data = true;
    },
  },
  {
    ruleId: "FIREHOSE-ERROR-OUTPUT",
    stack: "staging",
    breaks: "error prefix removed",
    change: (json) => {
      const stream = resourceAt(
        json,
        "aws_kinesis_firehose_delivery_stream",
        "delivery-stream/stream",
      );
      delete ((stream.iceberg_configuration as Body).s3_configuration as Body)
        .error_output_prefix;
    },
  },
  {
    ruleId: "SCHEDULER-RETRY-DLQ",
    stack: "staging",
    breaks: "dead-letter queue removed",
    change: (json) => {
      const schedule = resourceAt(
        json,
        "aws_scheduler_schedule",
        "schedule/schedule",
      );
      delete (schedule.target as Body).dead_letter_config;
    },
  },
  {
    ruleId: "PROD-PREVENT-DESTROY",
    stack: "prod",
    breaks: "table bucket destroyable",
    change: (json) => {
      delete resourceAt(json, "aws_s3tables_table_bucket", "table/table-bucket")
        .lifecycle;
    },
  },
  {
    ruleId: "TAGS-PROJECT-STAGE",
    stack: "staging",
    breaks: "stage tag of another stage",
    change: (json) => {
      const provider = (json.provider?.aws ?? [])[0];
      const tags = first(provider, "default_tags").tags as Body;
      tags.stage = "prod";
    },
  },
  {
    ruleId: "IAM-ACTION-EXISTS",
    stack: "staging",
    breaks: "kinesis:PutRecordBatch",
    change: (json) => {
      editRolePolicy(json, "workflow/role/policy", (policy) => {
        for (const statement of policy.Statement) {
          statement.Action = (statement.Action as string[]).map((action) =>
            action === "firehose:PutRecordBatch"
              ? "kinesis:PutRecordBatch"
              : action,
          );
        }
      });
    },
  },
  {
    ruleId: "IAM-NO-ACTION-WILDCARD",
    stack: "staging",
    breaks: "states:Start*",
    change: (json) => {
      editRolePolicy(json, "schedule/role/policy", (policy) => {
        policy.Statement[0].Action = ["states:Start*"];
      });
    },
  },
  {
    ruleId: "IAM-RESOURCE-WILDCARD",
    stack: "staging",
    breaks: "star for sqs:SendMessage",
    change: (json) => {
      editRolePolicy(json, "schedule/role/policy", (policy) => {
        policy.Statement[1].Resource = "*";
      });
    },
  },
  {
    ruleId: "IAM-RESOURCE-TYPE",
    stack: "staging",
    breaks: "sqs:SendMessage on a topic ARN",
    change: (json) => {
      editRolePolicy(json, "schedule/role/policy", (policy) => {
        policy.Statement[1].Resource = [
          "arn:aws:sns:eu-west-1:111111111111:forms-to-tables-staging-alarms",
        ];
      });
    },
  },
  {
    ruleId: "IAM-CONDITION-KEY",
    stack: "staging",
    breaks: "misspelt qualifier key",
    change: (json) => {
      editRolePolicy(json, "schedule/role/policy", (policy) => {
        policy.Statement[0].Condition = {
          StringEquals: { "states:StateMachineQualifer": "live" },
        };
      });
    },
  },
  {
    ruleId: "IAM-RESOURCE-SCOPE",
    stack: "staging",
    breaks: "the prod queue",
    change: (json) => {
      editRolePolicy(json, "schedule/role/policy", (policy) => {
        policy.Statement[1].Resource = [
          "arn:aws:sqs:eu-west-1:111111111111:forms-to-tables-prod-schedule-dlq",
        ];
      });
    },
  },
  {
    ruleId: "IAM-TRUST-CONDITIONS",
    stack: "staging",
    breaks: "schedule ARN as source",
    change: (json) => {
      editPolicy(
        resourceAt(json, "aws_iam_role", "schedule/role/role"),
        "assume_role_policy",
        (policy) => {
          policy.Statement[0].Condition = {
            StringEquals: { "aws:SourceAccount": "111111111111" },
            ArnLike: {
              "aws:SourceArn":
                "arn:aws:scheduler:eu-west-1:111111111111:schedule/forms-to-tables-staging/forms-to-tables-staging-extract-forms",
            },
          };
        },
      );
    },
  },
  {
    ruleId: "IAM-INLINE-POLICIES-ONLY",
    stack: "staging",
    compliantStatus: "n/a",
    breaks: "managed policy attached",
    change: (json) => {
      const resources = json.resource as Record<string, Record<string, Body>>;
      resources.aws_iam_role_policy_attachment = {
        extra: {
          role: "forms-to-tables-staging-extract-forms-sfn",
          policy_arn: "arn:aws:iam::aws:policy/AmazonS3FullAccess",
        },
      };
    },
  },
  {
    ruleId: "SFN-ROLE-MATCHES-DEFINITION",
    stack: "staging",
    breaks: "Task without its permission",
    change: (json) => {
      editDefinition(
        resourceAt(json, "aws_sfn_state_machine", "workflow/state-machine"),
        (definition) => {
          // An extra Task that deletes a review object: the role has no s3:DeleteObject.
          const states = definition.States as Record<string, Body>;
          states.CleanUp = {
            Type: "Task",
            Resource: "arn:aws:states:::aws-sdk:s3:deleteObject",
            Arguments: {
              Bucket: "forms-to-tables-staging-review-111111111111-eu-west-1",
              Key: "review/x.pdf",
            },
            End: true,
          };
        },
      );
    },
  },
];
