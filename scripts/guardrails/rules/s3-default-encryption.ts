import type { Rule } from "../rule";
import { buckets, singleSetting } from "../s3";
import { block, blocks } from "../stack";

const ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

/** Every bucket encrypts new objects by default. */
export const S3_DEFAULT_ENCRYPTION: Rule = {
  id: "S3-DEFAULT-ENCRYPTION",
  requirement:
    "Every S3 bucket has a default server-side encryption rule with AES256, aws:kms or aws:kms:dsse.",
  rationale:
    "Forms and extracted records must be encrypted at rest, and the choice of key must be visible in code review.",
  fix: 'Add an aws_s3_bucket_server_side_encryption_configuration with apply_server_side_encryption_by_default { sse_algorithm = "AES256" } or an aws:kms key.',
  subjects: buckets,
  check(bucket, stack) {
    const encryption = singleSetting(
      stack,
      bucket,
      "aws_s3_bucket_server_side_encryption_configuration",
    );
    if (typeof encryption === "string") {
      return [encryption];
    }
    const algorithms = blocks(encryption.body.rule).map(
      (rule) =>
        block(rule.apply_server_side_encryption_by_default).sse_algorithm,
    );
    if (algorithms.length === 0) {
      return [`${encryption.address} has no rule`];
    }
    return algorithms
      .filter((algorithm) => !ALGORITHMS.includes(String(algorithm)))
      .map(
        (algorithm) =>
          `${encryption.address} sets sse_algorithm ${JSON.stringify(algorithm)}; expected one of ${ALGORITHMS.join(", ")}`,
      );
  },
};
