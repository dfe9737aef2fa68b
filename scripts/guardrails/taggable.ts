import * as path from "node:path";

/**
 * Tells whether a hashicorp/aws resource type takes the provider's default_tags, which
 * the provider shows by giving the type both a `tags` argument and a computed `tags_all`
 * attribute. Returns undefined for a type it cannot find.
 *
 * The result comes from the @cdktf/provider-aws bindings the stacks are built with. They
 * are generated from the hashicorp/aws 5.100.0 provider schema (the version the stacks
 * pin in `required_providers`), with a `tagsInput` getter for a `tags` argument and a
 * `tagsAll` getter for `tags_all`. So the result follows the provider, and no Terraform
 * run is needed to know it.
 */
export function isTaggable(resourceType: string): boolean | undefined {
  const resourceClass = bindingClass(resourceType);
  if (!resourceClass) {
    return undefined;
  }
  const getters = ["tagsInput", "tagsAll"];
  return getters.every(
    (getter) =>
      Object.getOwnPropertyDescriptor(resourceClass.prototype, getter) !==
      undefined,
  );
}

interface ResourceClass {
  readonly tfResourceType?: string;
  readonly prototype: object;
}

const cache = new Map<string, ResourceClass | undefined>();

function bindingClass(resourceType: string): ResourceClass | undefined {
  if (!cache.has(resourceType)) {
    cache.set(resourceType, loadBindingClass(resourceType));
  }
  return cache.get(resourceType);
}

// The bindings put `aws_s3_bucket_policy` in `lib/s3-bucket-policy`.
function loadBindingClass(resourceType: string): ResourceClass | undefined {
  if (!/^aws_[a-z0-9_]+$/.test(resourceType)) {
    return undefined;
  }
  const folder = resourceType.slice("aws_".length).replace(/_/g, "-");
  let exports: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(
      path.posix.join("@cdktf/provider-aws/lib", folder),
    ) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  return Object.values(exports).find(
    (value): value is ResourceClass =>
      typeof value === "function" &&
      (value as ResourceClass).tfResourceType === resourceType,
  );
}
