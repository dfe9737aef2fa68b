import type { StackContext, StackResource } from "./stack";

/**
 * A guardrail rule: one requirement on the synthesized JSON, checked resource by resource
 * in the manner of cdk-nag rules.
 */
export interface Rule {
  /** Upper-case ID such as `S3-PUBLIC-ACCESS`, used in reports and in exceptions. */
  readonly id: string;
  /** Requirement a compliant stack meets. */
  readonly requirement: string;
  /** Reason the project requires it. */
  readonly rationale: string;
  /** Steps that fix a violation. */
  readonly fix: string;
  /**
   * Returns the resources the rule examines in a stack. A stack with none reports the
   * rule as n/a.
   */
  subjects(stack: StackContext): StackResource[];
  /** Returns one message per violation on `subject`; an empty list means compliant. */
  check(
    subject: StackResource,
    stack: StackContext,
  ): string[] | Promise<string[]>;
}

/**
 * Returns the provider blocks of a stack as pseudo-resources, so that rules on provider
 * settings report like rules on resources.
 */
export function providerSubjects(
  stack: StackContext,
  provider: string,
): StackResource[] {
  return (stack.json.provider?.[provider] ?? []).map((body, index) => ({
    type: "provider",
    name: provider,
    address: `provider.${provider}[${index}]`,
    body,
  }));
}
