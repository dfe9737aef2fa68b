import { Testing } from "cdktf";
import type { Construct } from "constructs";
import type { PolicyStatement } from "../../constructs/policy";
import type { Place } from "../../stacks/names";
import { resourcesOf, SynthesizedStack } from "./synth";

/** Account and Region of the constructs under test, unlike those in stacks/settings.ts. */
export const TEST_PLACE: Place = {
  accountId: "123456789012",
  region: "eu-central-1",
};

/** One synthesized scope: the JSON text for cdktf's matchers and its parsed form. */
export interface SynthesizedScope {
  readonly text: string;
  readonly stack: SynthesizedStack;
}

/** A parsed IAM policy document. */
export interface ParsedPolicy {
  readonly Version: string;
  readonly Statement: PolicyStatement[];
}

/** Synthesizes the constructs that `build` adds to a test stack. */
export function synthConstructs(
  build: (scope: Construct) => void,
): SynthesizedScope {
  const text = Testing.synthScope(build);
  return { text, stack: JSON.parse(text) as SynthesizedStack };
}

/** Returns the only resource of `type`, and throws when there is none or more than one. */
export function onlyResource(
  stack: SynthesizedStack,
  type: string,
): Record<string, unknown> {
  const resources = Object.values(resourcesOf(stack, type));
  if (resources.length !== 1) {
    throw new Error(
      `Expected one ${type} resource, found ${resources.length}.`,
    );
  }
  return resources[0];
}

/** Returns the resource of `type` whose `name` attribute is `name`. */
export function resourceNamed(
  stack: SynthesizedStack,
  type: string,
  name: string,
): Record<string, unknown> {
  const match = Object.values(resourcesOf(stack, type)).find(
    (resource) => resource.name === name,
  );
  if (!match) {
    throw new Error(`No ${type} resource named "${name}".`);
  }
  return match;
}

/** Parses an IAM policy document from the JSON string of a synthesized attribute. */
export function parsePolicy(document: unknown): ParsedPolicy {
  if (typeof document !== "string") {
    throw new Error(
      `Expected a policy document string, got ${typeof document}.`,
    );
  }
  return JSON.parse(document) as ParsedPolicy;
}

/** Returns the statement with the given Sid. */
export function statementWithSid(
  policy: ParsedPolicy,
  sid: string,
): PolicyStatement {
  const statement = policy.Statement.find((item) => item.Sid === sid);
  if (!statement) {
    throw new Error(`No statement with Sid "${sid}".`);
  }
  return statement;
}

/** The trust policy and the inline policy of one IAM role. */
export interface RolePolicies {
  readonly trust: ParsedPolicy;
  readonly permissions: ParsedPolicy;
}

/**
 * Finds the IAM role named `roleName` and the inline policy attached to it by reference,
 * and parses both documents.
 */
export function rolePolicies(
  stack: SynthesizedStack,
  roleName: string,
): RolePolicies {
  const roles = resourcesOf(stack, "aws_iam_role");
  const roleId = Object.keys(roles).find((id) => roles[id].name === roleName);
  if (!roleId) {
    throw new Error(`No aws_iam_role named "${roleName}".`);
  }
  const inline = Object.values(resourcesOf(stack, "aws_iam_role_policy")).find(
    (policy) => policy.role === `\${aws_iam_role.${roleId}.id}`,
  );
  if (!inline) {
    throw new Error(`No aws_iam_role_policy attached to role ${roleName}.`);
  }
  return {
    trust: parsePolicy(roles[roleId].assume_role_policy),
    permissions: parsePolicy(inline.policy),
  };
}

/**
 * Builds the trust statements expected of a role that only `service` may assume, called
 * from `accountId` and, when given, from `sourceArn`.
 */
export function expectedServiceTrust(
  service: string,
  accountId: string,
  sourceArn?: string | readonly string[],
): PolicyStatement[] {
  return [
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ...(sourceArn ? { ArnLike: { "aws:SourceArn": sourceArn } } : {}),
      },
    },
  ];
}

/** Returns the Terraform reference `${type.<id>.attribute}` to the only resource of `type`. */
export function referenceTo(
  stack: SynthesizedStack,
  type: string,
  attribute: string,
): string {
  const ids = Object.keys(resourcesOf(stack, type));
  if (ids.length !== 1) {
    throw new Error(`Expected one ${type} resource, found ${ids.length}.`);
  }
  return `\${${type}.${ids[0]}.${attribute}}`;
}

/** Returns the address `type.<id>` that `depends_on` uses for the only resource of `type`. */
export function addressOf(stack: SynthesizedStack, type: string): string {
  const ids = Object.keys(resourcesOf(stack, type));
  if (ids.length !== 1) {
    throw new Error(`Expected one ${type} resource, found ${ids.length}.`);
  }
  return `${type}.${ids[0]}`;
}
