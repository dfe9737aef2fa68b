/** The parts of a synthesized cdktf stack (`cdk.tf.json`) that the guardrails read. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly output?: Record<string, { readonly value: unknown }>;
  readonly terraform?: Record<string, unknown>;
}

/** One resource of a synthesized stack. */
export interface StackResource {
  readonly type: string;
  readonly name: string;
  /** Terraform address, such as `aws_s3_bucket.input-bucket_5DD4D8B1`. */
  readonly address: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/** Account and Region of a stack, from its AWS provider block. */
export interface StackPlace {
  readonly accountId: string;
  readonly region: string;
}

/** A synthesized stack as the rules see it. */
export interface StackContext {
  /** Stack name, which is also the `stage` tag: `shared`, `staging` or `prod`. */
  readonly name: string;
  /** Names of every stack checked in the same run, this one included. */
  readonly allStackNames: readonly string[];
  readonly json: TerraformJson;
  readonly resources: readonly StackResource[];
  /** Undefined when the provider block names no single account and Region. */
  readonly place?: StackPlace;
}

/** Builds the context the rules read from one synthesized stack. */
export function stackContext(
  name: string,
  json: TerraformJson,
  allStackNames: readonly string[] = [name],
): StackContext {
  const resources: StackResource[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [resourceName, body] of Object.entries(byName)) {
      resources.push({
        type,
        name: resourceName,
        address: `${type}.${resourceName}`,
        body,
      });
    }
  }
  return { name, allStackNames, json, resources, place: placeOf(json) };
}

/** Returns the resources of one type. */
export function resourcesOfType(
  stack: StackContext,
  type: string,
): StackResource[] {
  return stack.resources.filter((resource) => resource.type === type);
}

const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;

/**
 * Returns the resource a whole-string reference such as `${aws_s3_bucket.x.id}` points
 * at, or undefined when the value is no such reference or names no resource here.
 */
export function referencedResource(
  stack: StackContext,
  value: unknown,
): StackResource | undefined {
  const match = typeof value === "string" ? REFERENCE.exec(value) : null;
  if (!match) {
    return undefined;
  }
  return stack.resources.find(
    (resource) => resource.type === match[1] && resource.name === match[2],
  );
}

/**
 * Returns the resources of `type` whose `field` names `target`: a reference to it, or
 * its literal `literalName` (for example a bucket sub-resource that names the bucket).
 */
export function attachedResources(
  stack: StackContext,
  type: string,
  field: string,
  target: StackResource,
  literalName?: unknown,
): StackResource[] {
  return resourcesOfType(stack, type).filter((resource) => {
    const value = resource.body[field];
    if (literalName !== undefined && value === literalName) {
      return true;
    }
    return referencedResource(stack, value)?.address === target.address;
  });
}

/**
 * Returns a nested block as a list: cdktf writes a block either as an object or as a
 * list of objects, depending on the schema.
 */
export function blocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) {
    return value.filter(isRecord);
  }
  return isRecord(value) ? [value] : [];
}

/** Returns the first nested block, or an empty object when there is none. */
export function block(value: unknown): Record<string, unknown> {
  return blocks(value)[0] ?? {};
}

/** Tells whether a value is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function placeOf(json: TerraformJson): StackPlace | undefined {
  const providers = json.provider?.aws ?? [];
  if (providers.length !== 1) {
    return undefined;
  }
  const [provider] = providers;
  const accounts = provider.allowed_account_ids;
  const region = provider.region;
  if (
    !Array.isArray(accounts) ||
    accounts.length !== 1 ||
    typeof accounts[0] !== "string" ||
    typeof region !== "string"
  ) {
    return undefined;
  }
  return { accountId: accounts[0], region };
}
