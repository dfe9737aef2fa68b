import { existsSync, readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { unescapeTerraformTemplate } from "../../constructs/definition";
import { SimulationSetupError } from "./errors";
import { JsonObject, isJsonObject } from "./json";
import type { BucketSetting } from "./s3-store";

/** Facts the simulation reads from one synthesized stage stack. */
export interface SynthesizedStage {
  readonly stage: string;
  readonly stackFile: string;
  /** The definition exactly as AWS receives it: Terraform's template escapes undone. */
  readonly definition: string;
  readonly stateMachineName: string;
  readonly region: string;
  readonly accountId: string;
  readonly roleArn: string;
  readonly deliveryStreams: readonly string[];
  readonly buckets: readonly BucketSetting[];
  readonly inputBucket: string;
  readonly inputPrefix: string;
  readonly reviewBucket: string;
}

/**
 * Reads the stack of a stage from a cdktf output folder, `cdktf.out` by default: the
 * state machine's definition, its account and Region, the buckets (with versioning as
 * the stack configures it), the delivery streams and the stack outputs.
 */
export function readSynthesizedStage(
  stage: string,
  synthDir = "cdktf.out",
): SynthesizedStage {
  const stackFile = path.join(synthDir, "stacks", stage, "cdk.tf.json");
  if (!existsSync(stackFile)) {
    const stacksDir = path.join(synthDir, "stacks");
    const known = existsSync(stacksDir)
      ? readdirSync(stacksDir).join(", ")
      : "none";
    throw new SimulationSetupError(
      `No synthesized stack for stage "${stage}" at ${stackFile} (synthesized stacks: ${known}); run npm run synth first.`,
    );
  }
  const stack = JSON.parse(readFileSync(stackFile, "utf8")) as JsonObject;
  const resources = objectAt(stack, ["resource"], stackFile);
  const machine = onlyResource(resources, "aws_sfn_state_machine", stackFile);
  const provider = firstProvider(stack, stackFile);
  const accountId = stringAt(provider, ["allowed_account_ids", "0"], stackFile);
  return {
    stage,
    stackFile,
    definition: unescapeTerraformTemplate(
      stringAt(machine, ["definition"], stackFile),
    ),
    stateMachineName: stringAt(machine, ["name"], stackFile),
    region: stringAt(provider, ["region"], stackFile),
    accountId,
    roleArn: roleArnOf(
      resources,
      stringAt(machine, ["role_arn"], stackFile),
      accountId,
    ),
    deliveryStreams: Object.values(
      objectAt(resources, ["aws_kinesis_firehose_delivery_stream"], stackFile),
    ).map((stream) => stringAt(stream, ["name"], stackFile)),
    buckets: bucketsOf(resources, stackFile),
    inputBucket: output(stack, "input_bucket", stackFile),
    inputPrefix: output(stack, "input_prefix", stackFile),
    reviewBucket: output(stack, "review_bucket", stackFile),
  };
}

function bucketsOf(resources: JsonObject, file: string): BucketSetting[] {
  const buckets = objectAt(resources, ["aws_s3_bucket"], file);
  const versioned = new Set<string>();
  const versioning = isJsonObject(resources.aws_s3_bucket_versioning)
    ? resources.aws_s3_bucket_versioning
    : {};
  for (const setting of Object.values(versioning)) {
    const status = isJsonObject(setting)
      ? setting.versioning_configuration
      : undefined;
    const reference = /^\$\{aws_s3_bucket\.([^.}]+)\.(?:bucket|id)\}$/.exec(
      isJsonObject(setting) ? String(setting.bucket) : "",
    );
    if (reference && isJsonObject(status) && status.status === "Enabled") {
      versioned.add(reference[1]);
    }
  }
  return Object.entries(buckets).map(([id, bucket]) => ({
    name: stringAt(bucket, ["bucket"], file),
    versioned: versioned.has(id),
  }));
}

function roleArnOf(
  resources: JsonObject,
  reference: string,
  accountId: string,
): string {
  const match = /^\$\{aws_iam_role\.([^.}]+)\.arn\}$/.exec(reference);
  const roles = isJsonObject(resources.aws_iam_role)
    ? resources.aws_iam_role
    : {};
  const role = match ? roles[match[1]] : undefined;
  return isJsonObject(role) && typeof role.name === "string"
    ? `arn:aws:iam::${accountId}:role/${role.name}`
    : reference;
}

function firstProvider(stack: JsonObject, file: string): JsonObject {
  const providers = objectAt(stack, ["provider"], file).aws;
  const first = Array.isArray(providers) ? providers[0] : undefined;
  if (!isJsonObject(first)) {
    throw new SimulationSetupError(
      `${file} has no aws provider block; synthesize the stack again.`,
    );
  }
  return first;
}

function onlyResource(
  resources: JsonObject,
  type: string,
  file: string,
): JsonObject {
  const found = Object.values(objectAt(resources, [type], file));
  if (found.length !== 1 || !isJsonObject(found[0])) {
    throw new SimulationSetupError(
      `${file} has ${found.length} ${type} resources; the simulation needs exactly one.`,
    );
  }
  return found[0];
}

function output(stack: JsonObject, name: string, file: string): string {
  return stringAt(stack, ["output", name, "value"], file);
}

function objectAt(
  node: JsonObject,
  keys: readonly string[],
  file: string,
): JsonObject {
  const value = valueAt(node, keys);
  if (!isJsonObject(value)) {
    throw new SimulationSetupError(
      `${file} has no object at ${keys.join(".")}; synthesize the stack again with npm run synth.`,
    );
  }
  return value;
}

function stringAt(
  node: unknown,
  keys: readonly string[],
  file: string,
): string {
  const value = valueAt(node, keys);
  if (typeof value !== "string") {
    throw new SimulationSetupError(
      `${file} has no string at ${keys.join(".")}; synthesize the stack again with npm run synth.`,
    );
  }
  return value;
}

function valueAt(node: unknown, keys: readonly string[]): unknown {
  let current = node;
  for (const key of keys) {
    if (Array.isArray(current)) {
      current = current[Number(key)];
    } else if (isJsonObject(current)) {
      current = current[key];
    } else {
      return undefined;
    }
  }
  return current;
}
