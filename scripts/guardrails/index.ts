import type { Rule } from "./rule";
import { FIREHOSE_ERROR_OUTPUT } from "./rules/firehose-error-output";
import { IAM_ACTION_EXISTS } from "./rules/iam-action-exists";
import { IAM_CONDITION_KEY } from "./rules/iam-condition-key";
import { IAM_INLINE_POLICIES_ONLY } from "./rules/iam-inline-policies-only";
import { IAM_NO_ACTION_WILDCARD } from "./rules/iam-no-action-wildcard";
import { IAM_RESOURCE_SCOPE } from "./rules/iam-resource-scope";
import { IAM_RESOURCE_TYPE } from "./rules/iam-resource-type";
import { IAM_RESOURCE_WILDCARD } from "./rules/iam-resource-wildcard";
import { IAM_TRUST_CONDITIONS } from "./rules/iam-trust-conditions";
import { LOGS_RETENTION } from "./rules/logs-retention";
import { PROD_PREVENT_DESTROY } from "./rules/prod-prevent-destroy";
import { S3_DEFAULT_ENCRYPTION } from "./rules/s3-default-encryption";
import { S3_LIFECYCLE_EXPIRY } from "./rules/s3-lifecycle-expiry";
import { S3_LIFECYCLE_NONCURRENT } from "./rules/s3-lifecycle-noncurrent";
import { S3_OWNERSHIP_ENFORCED } from "./rules/s3-ownership-enforced";
import { S3_PUBLIC_ACCESS } from "./rules/s3-public-access";
import { S3_TLS_ONLY } from "./rules/s3-tls-only";
import { S3_VERSIONING } from "./rules/s3-versioning";
import { S3TABLES_ENCRYPTION } from "./rules/s3tables-encryption";
import { S3TABLES_MAINTENANCE } from "./rules/s3tables-maintenance";
import { SCHEDULER_RETRY_DLQ } from "./rules/scheduler-retry-dlq";
import { SFN_LOGGING } from "./rules/sfn-logging";
import { SFN_NO_EXECUTION_DATA } from "./rules/sfn-no-execution-data";
import { SFN_ROLE_MATCHES_DEFINITION } from "./rules/sfn-role-matches-definition";
import { TAGS_PROJECT_STAGE } from "./rules/tags-project-stage";

/** The rule table, in report order. */
export const RULES: readonly Rule[] = [
  S3_PUBLIC_ACCESS,
  S3_OWNERSHIP_ENFORCED,
  S3_DEFAULT_ENCRYPTION,
  S3_TLS_ONLY,
  S3_VERSIONING,
  S3_LIFECYCLE_NONCURRENT,
  S3_LIFECYCLE_EXPIRY,
  S3TABLES_ENCRYPTION,
  S3TABLES_MAINTENANCE,
  LOGS_RETENTION,
  SFN_LOGGING,
  SFN_NO_EXECUTION_DATA,
  FIREHOSE_ERROR_OUTPUT,
  SCHEDULER_RETRY_DLQ,
  PROD_PREVENT_DESTROY,
  TAGS_PROJECT_STAGE,
  IAM_ACTION_EXISTS,
  IAM_NO_ACTION_WILDCARD,
  IAM_RESOURCE_WILDCARD,
  IAM_RESOURCE_TYPE,
  IAM_CONDITION_KEY,
  IAM_RESOURCE_SCOPE,
  IAM_TRUST_CONDITIONS,
  IAM_INLINE_POLICIES_ONLY,
  SFN_ROLE_MATCHES_DEFINITION,
];
