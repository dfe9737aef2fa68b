import type { TerraformResource } from "cdktf";

/**
 * Path, inside a resource's `//` metadata object, of the guardrail rules the resource is
 * exempt from. Terraform ignores `//` keys in JSON configuration, so the record changes
 * nothing that is deployed, but it is in the synthesized JSON for `npm run check` to read.
 */
export const EXCEPTIONS_PATH = ["//", "guardrails", "exceptions"] as const;

// Rule IDs are upper-case words joined by hyphens, such as S3-PUBLIC-ACCESS.
const RULE_ID = /^[A-Z0-9]+(-[A-Z0-9]+)+$/;
const MIN_REASON_LENGTH = 20;

/**
 * Records in the synthesized JSON that `resource` deliberately breaks the guardrail rule
 * `ruleId`, and why. The check then reports the rule as an exception for that resource,
 * with the reason, instead of a violation.
 */
export function acknowledgeRule(
  resource: TerraformResource,
  ruleId: string,
  reason: string,
): void {
  if (!RULE_ID.test(ruleId)) {
    throw new Error(
      `Invalid ruleId "${ruleId}": expected a guardrail rule ID such as S3-PUBLIC-ACCESS.`,
    );
  }
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(
      `Invalid reason for ${ruleId} on ${resource.node.path}: "${reason}" is too short; say in at least ${MIN_REASON_LENGTH} characters why the resource needs the exception.`,
    );
  }
  resource.addOverride(`${EXCEPTIONS_PATH.join(".")}.${ruleId}`, reason.trim());
}

/** Reads the rule exceptions recorded on one resource of the synthesized JSON, by rule ID. */
export function readAcknowledgedRules(
  resource: Readonly<Record<string, unknown>>,
): Record<string, string> {
  let node: unknown = resource;
  for (const key of EXCEPTIONS_PATH) {
    if (node === null || typeof node !== "object") {
      return {};
    }
    node = (node as Record<string, unknown>)[key];
  }
  if (node === null || typeof node !== "object") {
    return {};
  }
  return Object.fromEntries(
    Object.entries(node).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string",
    ),
  );
}
