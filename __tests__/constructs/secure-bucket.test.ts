import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { Construct } from "constructs";
import {
  BucketLifecycleRule,
  SecureBucket,
  SecureBucketProps,
} from "../../constructs/secure-bucket";
import {
  addressOf,
  onlyResource,
  parsePolicy,
  referenceTo,
  synthConstructs,
} from "../support/construct-synth";
import { resourcesOf } from "../support/synth";

const BUCKET = "forms-input-123456789012-eu-central-1";

function build(props: Partial<SecureBucketProps> = {}) {
  return (scope: Construct) => {
    new SecureBucket(scope, "bucket", { bucketName: BUCKET, ...props });
  };
}

function withRules(rules: BucketLifecycleRule[]) {
  return build({ lifecycleRules: rules });
}

describe("SecureBucket", () => {
  it("creates the bucket without force_destroy or prevent_destroy", () => {
    const { text, stack } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(S3Bucket, {
      bucket: BUCKET,
      force_destroy: false,
    });
    expect(onlyResource(stack, "aws_s3_bucket").lifecycle).toBe(undefined);
  });

  it("sets prevent_destroy when asked", () => {
    const { stack } = synthConstructs(build({ preventDestroy: true }));
    expect(onlyResource(stack, "aws_s3_bucket").lifecycle).toEqual({
      prevent_destroy: true,
    });
  });

  it("turns on all four public access blocks", () => {
    const { text, stack } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      bucket: referenceTo(stack, "aws_s3_bucket", "bucket"),
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("enforces bucket owner ownership", () => {
    const { text, stack } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      bucket: referenceTo(stack, "aws_s3_bucket", "bucket"),
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
  });

  it("encrypts with SSE-S3 and a bucket key", () => {
    const { text, stack } = synthConstructs(build());
    expect(text).toHaveResourceWithProperties(
      S3BucketServerSideEncryptionConfigurationA,
      {
        bucket: referenceTo(stack, "aws_s3_bucket", "bucket"),
        rule: [
          {
            apply_server_side_encryption_by_default: {
              sse_algorithm: "AES256",
            },
            bucket_key_enabled: true,
          },
        ],
      },
    );
  });

  it("denies every request made without TLS", () => {
    const { stack } = synthConstructs(build());
    const bucketPolicy = onlyResource(stack, "aws_s3_bucket_policy");
    expect(bucketPolicy.bucket).toBe(
      referenceTo(stack, "aws_s3_bucket", "bucket"),
    );
    const policy = parsePolicy(bucketPolicy.policy);
    expect(policy.Version).toBe("2012-10-17");
    expect(policy.Statement).toEqual([
      {
        Sid: "DenyRequestsWithoutTls",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });

  it("applies the policy after the public access block", () => {
    const { stack } = synthConstructs(build());
    expect(onlyResource(stack, "aws_s3_bucket_policy").depends_on).toEqual([
      addressOf(stack, "aws_s3_bucket_public_access_block"),
    ]);
  });

  it("exposes the name and ARN known at synth time", () => {
    let bucket: SecureBucket | undefined;
    synthConstructs((scope) => {
      bucket = new SecureBucket(scope, "bucket", { bucketName: BUCKET });
    });
    expect(bucket?.bucketName).toBe(BUCKET);
    expect(bucket?.bucketArn).toBe(`arn:aws:s3:::${BUCKET}`);
  });

  it("has no versioning by default", () => {
    const { stack } = synthConstructs(build());
    expect(resourcesOf(stack, "aws_s3_bucket_versioning")).toEqual({});
  });

  it("enables versioning when asked", () => {
    const { text, stack } = synthConstructs(build({ versioned: true }));
    expect(text).toHaveResourceWithProperties(S3BucketVersioningA, {
      bucket: referenceTo(stack, "aws_s3_bucket", "bucket"),
      versioning_configuration: { status: "Enabled" },
    });
  });

  it("has no lifecycle configuration without rules", () => {
    for (const props of [{}, { lifecycleRules: [] }]) {
      const { stack } = synthConstructs(build(props));
      expect(
        resourcesOf(stack, "aws_s3_bucket_lifecycle_configuration"),
      ).toEqual({});
    }
  });

  it("writes each lifecycle rule with its prefix and actions", () => {
    const { text, stack } = synthConstructs(
      withRules([
        { id: "expire-results", prefix: "results/", expireAfterDays: 90 },
        { id: "expire-noncurrent", noncurrentVersionsExpireAfterDays: 30 },
        { id: "abort-uploads", abortIncompleteUploadsAfterDays: 7 },
      ]),
    );
    expect(text).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      bucket: referenceTo(stack, "aws_s3_bucket", "bucket"),
    });
    const { rule } = onlyResource(
      stack,
      "aws_s3_bucket_lifecycle_configuration",
    );
    expect(rule).toEqual([
      {
        id: "expire-results",
        status: "Enabled",
        filter: [{ prefix: "results/" }],
        expiration: [{ days: 90 }],
      },
      {
        id: "expire-noncurrent",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      },
      {
        id: "abort-uploads",
        status: "Enabled",
        filter: [{ prefix: "" }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  it.each([
    ["an uppercase name", "Forms-Input"],
    ["a name of two characters", "ab"],
    ["a name ending in a hyphen", "forms-input-"],
    ["a name with an underscore", "forms_input"],
  ])("rejects %s", (_, bucketName) => {
    expect(() => synthConstructs(build({ bucketName }))).toThrow(
      `Invalid bucketName "${bucketName}": expected 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.`,
    );
  });

  it("rejects a rule with no action", () => {
    expect(() =>
      synthConstructs(withRules([{ id: "empty", prefix: "tmp/" }])),
    ).toThrow(
      'Invalid lifecycleRules["empty"]: the rule has no action; set expireAfterDays, noncurrentVersionsExpireAfterDays or abortIncompleteUploadsAfterDays.',
    );
  });

  it("rejects two rules with one id", () => {
    const rules = [
      { id: "expire", expireAfterDays: 30 },
      { id: "expire", expireAfterDays: 60 },
    ];
    expect(() => synthConstructs(withRules(rules))).toThrow(
      `Invalid lifecycleRules: rule id "expire" appears twice in bucket ${BUCKET}; give each rule a unique id.`,
    );
  });

  it.each([
    ["expireAfterDays", 0],
    ["noncurrentVersionsExpireAfterDays", 1.5],
    ["abortIncompleteUploadsAfterDays", -7],
  ] as const)("rejects %s of %s", (field, days) => {
    const rules = [{ id: "rule", [field]: days }];
    expect(() => synthConstructs(withRules(rules))).toThrow(
      `Invalid lifecycleRules["rule"].${field}: ${days}; expected a whole number of days, 1 or more.`,
    );
  });
});
