import { bucketSettings } from "./s3";
import { block, blocks, StackContext, StackResource } from "./stack";

/** One enabled lifecycle rule of a bucket, with the key prefix it applies to. */
export interface LifecycleRule {
  readonly id: string;
  /** Key prefix the rule applies to; "" for the whole bucket. */
  readonly prefix: string;
  readonly body: Record<string, unknown>;
}

/**
 * Lists the enabled lifecycle rules of a bucket that select objects by key prefix alone.
 * Rules that also filter by tag or object size are left out, because they may skip
 * objects under their prefix.
 */
export function enabledLifecycleRules(
  stack: StackContext,
  bucket: StackResource,
): LifecycleRule[] {
  const configurations = bucketSettings(
    stack,
    bucket,
    "aws_s3_bucket_lifecycle_configuration",
  );
  return configurations
    .flatMap((configuration) => blocks(configuration.body.rule))
    .filter((rule) => rule.status === "Enabled")
    .flatMap((rule) => {
      const prefix = prefixOnly(rule);
      return prefix === undefined
        ? []
        : [{ id: String(rule.id), prefix, body: rule }];
    });
}

/** Tells whether a rule applies to every object under `prefix`. */
export function coversPrefix(rule: LifecycleRule, prefix: string): boolean {
  return prefix.startsWith(rule.prefix);
}

/** Returns the days of a rule's first block named `field` at `daysField`, if set. */
export function lifecycleDays(
  rule: LifecycleRule,
  field: string,
  daysField: string,
): number | undefined {
  const days = block(rule.body[field])[daysField];
  return typeof days === "number" && days > 0 ? days : undefined;
}

function prefixOnly(rule: Record<string, unknown>): string | undefined {
  const filters = blocks(rule.filter);
  if (filters.length === 0) {
    return typeof rule.prefix === "string" ? rule.prefix : "";
  }
  const filter = filters[0];
  const and = block(filter.and);
  const narrowing = [filter, and].some(
    (part) =>
      part.tag !== undefined ||
      part.tags !== undefined ||
      part.object_size_greater_than !== undefined ||
      part.object_size_less_than !== undefined,
  );
  if (narrowing) {
    return undefined;
  }
  const prefix = filter.prefix ?? and.prefix ?? "";
  return typeof prefix === "string" ? prefix : undefined;
}
