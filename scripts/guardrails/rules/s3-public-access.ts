import type { Rule } from "../rule";
import { buckets, singleSetting } from "../s3";

const SETTINGS = [
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
] as const;

/** Every bucket blocks public access with all four settings. */
export const S3_PUBLIC_ACCESS: Rule = {
  id: "S3-PUBLIC-ACCESS",
  requirement:
    "Every S3 bucket has an aws_s3_bucket_public_access_block with all four settings true.",
  rationale:
    "The buckets hold scanned forms with personal data; no ACL or policy may ever make them public.",
  fix: "Create the bucket with SecureBucket, or add an aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets set to true.",
  subjects: buckets,
  check(bucket, stack) {
    const block = singleSetting(
      stack,
      bucket,
      "aws_s3_bucket_public_access_block",
    );
    if (typeof block === "string") {
      return [block];
    }
    return SETTINGS.filter((setting) => block.body[setting] !== true).map(
      (setting) => `${block.address} does not set ${setting} = true`,
    );
  },
};
