import { conditionValues, policiesOn, Statement } from "../../iam/policies";
import type { Rule } from "../rule";
import { buckets, singleSetting } from "../s3";
import { isRecord } from "../stack";

/** Every bucket policy denies requests that do not use TLS. */
export const S3_TLS_ONLY: Rule = {
  id: "S3-TLS-ONLY",
  requirement:
    'Every S3 bucket has a bucket policy with a statement that denies "s3:*" to every principal on the bucket and on bucket/* when aws:SecureTransport is "false".',
  rationale:
    "Personal data must never travel unencrypted; the deny also covers callers whose own policies allow plain HTTP.",
  fix: "Create the bucket with SecureBucket, or add the TLS-only deny statement to its aws_s3_bucket_policy.",
  subjects: buckets,
  check(bucket, stack) {
    const policyResource = singleSetting(stack, bucket, "aws_s3_bucket_policy");
    if (typeof policyResource === "string") {
      return [policyResource];
    }
    const [policy] = policiesOn(stack, policyResource);
    if (policy.error) {
      return [`${policyResource.address}: ${policy.error}`];
    }
    const bucketArn = `arn:aws:s3:::${String(bucket.body.bucket)}`;
    return policy.statements.some((statement) =>
      deniesPlainHttp(statement, bucketArn),
    )
      ? []
      : [
          `${policyResource.address} has no statement that denies s3:* on ${bucketArn} and ${bucketArn}/* when aws:SecureTransport is "false"`,
        ];
  },
};

function deniesPlainHttp(statement: Statement, bucketArn: string): boolean {
  const principal = statement.principal;
  const everyone =
    principal === "*" || (isRecord(principal) && principal.AWS === "*");
  const secureTransport = conditionValues(
    statement,
    "Bool",
    "aws:SecureTransport",
  );
  return (
    statement.effect === "Deny" &&
    everyone &&
    statement.actions.includes("s3:*") &&
    statement.resources.includes(bucketArn) &&
    statement.resources.includes(`${bucketArn}/*`) &&
    secureTransport?.length === 1 &&
    secureTransport[0] === "false"
  );
}
