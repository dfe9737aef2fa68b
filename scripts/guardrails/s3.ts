import {
  attachedResources,
  resourcesOfType,
  StackContext,
  StackResource,
} from "./stack";

/** Returns every general purpose S3 bucket of a stack. */
export function buckets(stack: StackContext): StackResource[] {
  return resourcesOfType(stack, "aws_s3_bucket");
}

/**
 * Returns the resources of `type` (such as `aws_s3_bucket_versioning`) that configure
 * `bucket`, whether they reference it or name it literally.
 */
export function bucketSettings(
  stack: StackContext,
  bucket: StackResource,
  type: string,
): StackResource[] {
  return attachedResources(stack, type, "bucket", bucket, bucket.body.bucket);
}

/** Returns the bucket a bucket name or bucket ARN such as `arn:aws:s3:::name` refers to. */
export function bucketNamed(
  stack: StackContext,
  nameOrArn: unknown,
): StackResource | undefined {
  if (typeof nameOrArn !== "string") {
    return undefined;
  }
  const name = nameOrArn.replace(/^arn:aws[a-z-]*:s3:::/, "");
  return buckets(stack).find((bucket) => bucket.body.bucket === name);
}

/** Returns the single setting of `type` for a bucket, or a message saying what is wrong. */
export function singleSetting(
  stack: StackContext,
  bucket: StackResource,
  type: string,
): StackResource | string {
  const settings = bucketSettings(stack, bucket, type);
  if (settings.length === 0) {
    return `no ${type} for this bucket`;
  }
  if (settings.length > 1) {
    return `${settings.length} ${type} resources for this bucket, which overwrite each other; keep one`;
  }
  return settings[0];
}
