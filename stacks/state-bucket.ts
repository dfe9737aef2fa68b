import { policyDocument } from "../constructs/policy";
import { arn } from "./names";

/** Where a stack keeps its Terraform state. */
export interface StateLocation {
  readonly stateBucket: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * Builds the bucket policy of a state bucket: every request that is not made over TLS is
 * denied, on the bucket and on its objects.
 */
export function stateBucketPolicy(bucket: string): string {
  return policyDocument([
    {
      Sid: "DenyRequestsWithoutTls",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [arn.s3Bucket(bucket), arn.s3Objects(bucket, "*")],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ]);
}

/**
 * Builds the AWS CLI commands that create a state bucket before the first deploy:
 * versioning so an overwritten state can be recovered, default encryption, all four
 * public access blocks, ownership enforced and a TLS-only policy. No stack manages this
 * bucket, because a stack cannot create the bucket its own state lives in.
 */
export function stateBucketCommands(location: StateLocation): string[] {
  const { stateBucket: bucket, region, accountId } = location;
  const quote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;
  const createConfig =
    region === "us-east-1"
      ? ""
      : ` --create-bucket-configuration LocationConstraint=${region}`;
  const common = `--bucket ${bucket} --region ${region} --expected-bucket-owner ${accountId}`;
  return [
    `aws s3api create-bucket --bucket ${bucket} --region ${region}${createConfig} --object-ownership BucketOwnerEnforced`,
    `aws s3api put-public-access-block ${common} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
    `aws s3api put-bucket-versioning ${common} --versioning-configuration Status=Enabled`,
    `aws s3api put-bucket-encryption ${common} --server-side-encryption-configuration ${quote(
      JSON.stringify({
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" },
            BucketKeyEnabled: true,
          },
        ],
      }),
    )}`,
    `aws s3api put-bucket-policy ${common} --policy ${quote(stateBucketPolicy(bucket))}`,
  ];
}

/** Lists each distinct state bucket once, in the order the stacks name them. */
export function distinctStateLocations(
  stacks: readonly StateLocation[],
): StateLocation[] {
  const seen = new Map<string, StateLocation>();
  for (const stack of stacks) {
    const existing = seen.get(stack.stateBucket);
    if (
      existing &&
      (existing.region !== stack.region ||
        existing.accountId !== stack.accountId)
    ) {
      throw new Error(
        `Invalid stateBucket "${stack.stateBucket}": stacks name it in ${existing.accountId}/${existing.region} and in ${stack.accountId}/${stack.region}; a bucket lives in one account and Region, so give each its own bucket.`,
      );
    }
    seen.set(stack.stateBucket, stack);
  }
  return [...seen.values()];
}
