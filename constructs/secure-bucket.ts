import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { arn } from "../stacks/names";
import { PolicyStatement, policyDocument } from "./policy";

/** An object lifecycle rule: what expires under a prefix, and when. */
export interface BucketLifecycleRule {
  /** Rule ID, unique in the bucket. */
  readonly id: string;
  /** Key prefix the rule applies to. @default - every object */
  readonly prefix?: string;
  /** Days after which current objects expire. @default - they never expire */
  readonly expireAfterDays?: number;
  /** Days after which noncurrent versions expire. @default - they are kept */
  readonly noncurrentVersionsExpireAfterDays?: number;
  /** Days after which incomplete multipart uploads are aborted. @default - never */
  readonly abortIncompleteUploadsAfterDays?: number;
}

/** Properties of a SecureBucket. */
export interface SecureBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** Keep every version of every object. @default false */
  readonly versioned?: boolean;
  /** Lifecycle rules. @default - none */
  readonly lifecycleRules?: readonly BucketLifecycleRule[];
  /** Make Terraform refuse to plan the bucket's deletion (`prevent_destroy`). @default false */
  readonly preventDestroy?: boolean;
}

// S3 bucket names: 3 to 63 lowercase letters, digits, dots and hyphens.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * An S3 bucket with all four public access blocks, ownership enforced (no ACLs), default
 * encryption, and a policy that denies every request not made over TLS.
 */
export class SecureBucket extends Construct {
  /** The bucket. */
  readonly bucket: S3Bucket;
  /** The bucket's name, known at synth time. */
  readonly bucketName: string;
  /** The bucket's ARN, known at synth time. */
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    validateProps(props);
    this.bucketName = props.bucketName;
    this.bucketArn = arn.s3Bucket(props.bucketName);

    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });

    this.blockPublicAccess();
    this.enforceOwnershipAndEncryption();
    if (props.versioned) {
      new S3BucketVersioningA(this, "versioning", {
        bucket: this.bucket.bucket,
        versioningConfiguration: { status: "Enabled" },
      });
    }
    if (props.lifecycleRules && props.lifecycleRules.length > 0) {
      new S3BucketLifecycleConfiguration(this, "lifecycle", {
        bucket: this.bucket.bucket,
        rule: props.lifecycleRules.map(toLifecycleRule),
      });
    }
  }

  private blockPublicAccess(): void {
    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      bucket: this.bucket.bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const tlsOnly: PolicyStatement = {
      Sid: "DenyRequestsWithoutTls",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [this.bucketArn, arn.s3Objects(this.bucketName, "*")],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
    new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.bucket,
      policy: policyDocument([tlsOnly]),
      dependsOn: [publicAccess],
    });
  }

  private enforceOwnershipAndEncryption(): void {
    new S3BucketOwnershipControls(this, "ownership", {
      bucket: this.bucket.bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" },
          bucketKeyEnabled: true,
        },
      ],
    });
  }
}

function toLifecycleRule(
  rule: BucketLifecycleRule,
): S3BucketLifecycleConfigurationRule {
  return {
    id: rule.id,
    status: "Enabled",
    filter: [{ prefix: rule.prefix ?? "" }],
    expiration:
      rule.expireAfterDays === undefined
        ? undefined
        : [{ days: rule.expireAfterDays }],
    noncurrentVersionExpiration:
      rule.noncurrentVersionsExpireAfterDays === undefined
        ? undefined
        : [{ noncurrentDays: rule.noncurrentVersionsExpireAfterDays }],
    abortIncompleteMultipartUpload:
      rule.abortIncompleteUploadsAfterDays === undefined
        ? undefined
        : [{ daysAfterInitiation: rule.abortIncompleteUploadsAfterDays }],
  };
}

function validateProps(props: SecureBucketProps): void {
  if (!BUCKET_NAME.test(props.bucketName)) {
    throw new Error(
      `Invalid bucketName "${props.bucketName}": expected 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.`,
    );
  }
  const ids = new Set<string>();
  for (const rule of props.lifecycleRules ?? []) {
    if (ids.has(rule.id)) {
      throw new Error(
        `Invalid lifecycleRules: rule id "${rule.id}" appears twice in bucket ${props.bucketName}; give each rule a unique id.`,
      );
    }
    ids.add(rule.id);
    if (
      rule.expireAfterDays === undefined &&
      rule.noncurrentVersionsExpireAfterDays === undefined &&
      rule.abortIncompleteUploadsAfterDays === undefined
    ) {
      throw new Error(
        `Invalid lifecycleRules["${rule.id}"]: the rule has no action; set expireAfterDays, noncurrentVersionsExpireAfterDays or abortIncompleteUploadsAfterDays.`,
      );
    }
    for (const field of [
      "expireAfterDays",
      "noncurrentVersionsExpireAfterDays",
      "abortIncompleteUploadsAfterDays",
    ] as const) {
      const days = rule[field];
      if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
        throw new Error(
          `Invalid lifecycleRules["${rule.id}"].${field}: ${days}; expected a whole number of days, 1 or more.`,
        );
      }
    }
  }
}
