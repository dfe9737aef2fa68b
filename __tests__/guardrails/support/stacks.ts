import {
  escapeTerraformTemplate,
  unescapeTerraformTemplate,
} from "../../../constructs/definition";
import type { NamedStack } from "../../../scripts/guardrails/runner";
import type { TerraformJson } from "../../../scripts/guardrails/stack";
import {
  readStack,
  removeDir,
  STACK_NAMES,
  synthApp,
} from "../../support/synth";

type Body = Record<string, unknown>;

/** Synthesizes `main.ts` and returns every stack, in deploy order. */
export function synthStacks(): NamedStack[] {
  const outdir = synthApp();
  try {
    return STACK_NAMES.map((name) => ({ name, json: readStack(outdir, name) }));
  } finally {
    removeDir(outdir);
  }
}

/** Returns a deep copy of a stack, safe to change. */
export function cloneStack(json: TerraformJson): TerraformJson {
  return structuredClone(json) as TerraformJson;
}

/**
 * Returns the body of the resource of `type` whose construct path ends in `pathEnd`,
 * such as `schedule/role/role`. Throws when there is none, so a renamed construct fails
 * the test that uses it instead of testing nothing.
 */
export function resourceAt(
  json: TerraformJson,
  type: string,
  pathEnd: string,
): Body {
  const found = Object.values(json.resource?.[type] ?? {}).filter((body) =>
    String(
      ((body["//"] as Body | undefined)?.metadata as Body | undefined)?.path,
    ).endsWith(pathEnd),
  );
  if (found.length !== 1) {
    throw new Error(
      `Expected one ${type} at */${pathEnd}, found ${found.length}.`,
    );
  }
  return found[0];
}

/** A policy document as the tests change it. */
export interface PolicyJson {
  Version?: string;
  Statement: Record<string, unknown>[];
}

/** Parses the JSON policy in `body[field]`, lets `change` edit it and writes it back. */
export function editPolicy(
  body: Body,
  field: string,
  change: (policy: PolicyJson) => void,
): void {
  const policy = JSON.parse(String(body[field])) as PolicyJson;
  change(policy);
  body[field] = JSON.stringify(policy);
}

/** Parses the ASL definition of a state machine body, lets `change` edit it and writes it back. */
export function editDefinition(
  body: Body,
  change: (definition: Record<string, unknown>) => void,
): void {
  const definition = JSON.parse(
    unescapeTerraformTemplate(String(body.definition)),
  ) as Record<string, unknown>;
  change(definition);
  body.definition = escapeTerraformTemplate(JSON.stringify(definition));
}

/** Replaces one stack of a list with a changed copy. */
export function withStack(
  stacks: readonly NamedStack[],
  name: string,
  change: (json: TerraformJson) => void,
): NamedStack[] {
  return stacks.map((stack) => {
    if (stack.name !== name) {
      return stack;
    }
    const json = cloneStack(stack.json);
    change(json);
    return { name, json };
  });
}
