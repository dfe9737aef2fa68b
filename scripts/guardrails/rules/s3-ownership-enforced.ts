import type { Rule } from "../rule";
import { buckets, singleSetting } from "../s3";
import { blocks } from "../stack";

/** Every bucket disables ACLs with BucketOwnerEnforced. */
export const S3_OWNERSHIP_ENFORCED: Rule = {
  id: "S3-OWNERSHIP-ENFORCED",
  requirement:
    "Every S3 bucket has object ownership BucketOwnerEnforced, which turns ACLs off.",
  rationale:
    "With ACLs off, only IAM and the bucket policy decide access, so an object uploaded with a public or foreign ACL cannot escape them.",
  fix: 'Add an aws_s3_bucket_ownership_controls with rule { object_ownership = "BucketOwnerEnforced" }.',
  subjects: buckets,
  check(bucket, stack) {
    const controls = singleSetting(
      stack,
      bucket,
      "aws_s3_bucket_ownership_controls",
    );
    if (typeof controls === "string") {
      return [controls];
    }
    const ownership = blocks(controls.body.rule).map(
      (rule) => rule.object_ownership,
    );
    return ownership.length === 1 && ownership[0] === "BucketOwnerEnforced"
      ? []
      : [
          `${controls.address} sets object_ownership ${JSON.stringify(ownership)}, not "BucketOwnerEnforced"`,
        ];
  },
};
