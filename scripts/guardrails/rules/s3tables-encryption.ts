import type { Rule } from "../rule";
import { block, resourcesOfType } from "../stack";

/** Every table bucket sets its encryption explicitly. */
export const S3TABLES_ENCRYPTION: Rule = {
  id: "S3TABLES-ENCRYPTION",
  requirement:
    "Every S3 table bucket has an encryption_configuration with sse_algorithm AES256, or aws:kms with a kms_key_arn.",
  rationale:
    "The table holds the extracted personal data; its encryption must be a reviewed setting, not a service default that could change.",
  fix: 'Set encryption_configuration { sse_algorithm = "AES256" } (or aws:kms and kms_key_arn) on the aws_s3tables_table_bucket.',
  subjects: (stack) => resourcesOfType(stack, "aws_s3tables_table_bucket"),
  check(bucket) {
    const encryption = block(bucket.body.encryption_configuration);
    const algorithm = encryption.sse_algorithm;
    if (algorithm === "AES256") {
      return [];
    }
    if (algorithm === "aws:kms") {
      return typeof encryption.kms_key_arn === "string" &&
        encryption.kms_key_arn
        ? []
        : ["sse_algorithm is aws:kms but kms_key_arn is not set"];
    }
    return [
      `encryption_configuration.sse_algorithm is ${JSON.stringify(algorithm)}; expected AES256 or aws:kms`,
    ];
  },
};
