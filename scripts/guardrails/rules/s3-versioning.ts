import type { Rule } from "../rule";
import { buckets, singleSetting } from "../s3";
import { block } from "../stack";

/** Every bucket keeps object versions. */
export const S3_VERSIONING: Rule = {
  id: "S3-VERSIONING",
  requirement:
    'Every S3 bucket has versioning with status "Enabled". A bucket that holds no data of record declares an exception.',
  rationale:
    "The input and review buckets hold the forms of record; versions let an overwrite or delete by the workflow or a person be undone.",
  fix: 'Pass versioned: true to SecureBucket, or add an aws_s3_bucket_versioning with status "Enabled".',
  subjects: buckets,
  check(bucket, stack) {
    const versioning = singleSetting(stack, bucket, "aws_s3_bucket_versioning");
    if (typeof versioning === "string") {
      return [versioning];
    }
    const status = block(versioning.body.versioning_configuration).status;
    return status === "Enabled"
      ? []
      : [
          `${versioning.address} sets status ${JSON.stringify(status)}, not "Enabled"`,
        ];
  },
};
