import {
  coversPrefix,
  enabledLifecycleRules,
  lifecycleDays,
} from "../lifecycle";
import type { Rule } from "../rule";
import { bucketSettings, buckets } from "../s3";
import { block } from "../stack";

/** Storage that no current object refers to expires. */
export const S3_LIFECYCLE_NONCURRENT: Rule = {
  id: "S3-LIFECYCLE-NONCURRENT",
  requirement:
    "Every S3 bucket aborts incomplete multipart uploads, and every versioned bucket expires noncurrent versions, with enabled lifecycle rules over the whole bucket.",
  rationale:
    "Old versions of deleted or replaced forms are personal data that is no longer needed; keeping them forever breaks data minimisation and costs storage.",
  fix: "Add SecureBucket lifecycle rules with noncurrentVersionsExpireAfterDays and abortIncompleteUploadsAfterDays and no prefix.",
  subjects: buckets,
  check(bucket, stack) {
    const rules = enabledLifecycleRules(stack, bucket).filter((rule) =>
      coversPrefix(rule, ""),
    );
    const messages: string[] = [];
    const aborts = rules.some((rule) =>
      lifecycleDays(
        rule,
        "abort_incomplete_multipart_upload",
        "days_after_initiation",
      ),
    );
    if (!aborts) {
      messages.push(
        "no enabled whole-bucket lifecycle rule aborts incomplete multipart uploads",
      );
    }
    const versioned = bucketSettings(
      stack,
      bucket,
      "aws_s3_bucket_versioning",
    ).some(
      (versioning) =>
        block(versioning.body.versioning_configuration).status === "Enabled",
    );
    const expiresNoncurrent = rules.some((rule) =>
      lifecycleDays(rule, "noncurrent_version_expiration", "noncurrent_days"),
    );
    if (versioned && !expiresNoncurrent) {
      messages.push(
        "the bucket is versioned, but no enabled whole-bucket lifecycle rule expires noncurrent versions",
      );
    }
    return messages;
  },
};
