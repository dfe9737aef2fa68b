import { unescapeTerraformTemplate } from "../../constructs/definition";
import {
  isRecord,
  resourcesOfType,
  StackContext,
  StackResource,
} from "./stack";

/** A state machine of a stack with its definition parsed as AWS receives it. */
export interface StateMachineDefinition {
  readonly resource: StackResource;
  readonly definition?: Record<string, unknown>;
  /** Set when the definition is not literal JSON. */
  readonly error?: string;
}

/** Parses the definition of every `aws_sfn_state_machine` of a stack. */
export function stateMachineDefinitions(
  stack: StackContext,
): StateMachineDefinition[] {
  return resourcesOfType(stack, "aws_sfn_state_machine").map((resource) => {
    const text = resource.body.definition;
    if (typeof text !== "string") {
      return { resource, error: "the definition is not a string" };
    }
    try {
      const definition: unknown = JSON.parse(unescapeTerraformTemplate(text));
      return isRecord(definition)
        ? { resource, definition }
        : { resource, error: "the definition is not a JSON object" };
    } catch (error) {
      return {
        resource,
        error: `the definition is not valid JSON: ${(error as Error).message}`,
      };
    }
  });
}

/** Calls `visit` for every state of a definition, nested Map and Parallel states included. */
export function visitStates(
  node: unknown,
  visit: (state: Record<string, unknown>) => void,
): void {
  const states = isRecord(node) ? node.States : undefined;
  if (!isRecord(states)) {
    return;
  }
  for (const state of Object.values(states)) {
    if (!isRecord(state)) {
      continue;
    }
    visit(state);
    visitStates(state.ItemProcessor, visit);
    visitStates(state.Iterator, visit);
    for (const branch of Array.isArray(state.Branches) ? state.Branches : []) {
      visitStates(branch, visit);
    }
  }
}

/** Lists the bucket and key prefix of every Map ResultWriter with literal arguments. */
export function resultWriterTargets(
  definition: unknown,
): { bucket: string; prefix: string }[] {
  const targets: { bucket: string; prefix: string }[] = [];
  visitStates(definition, (state) => {
    const writer = isRecord(state.ResultWriter)
      ? state.ResultWriter
      : undefined;
    const args = writer?.Arguments ?? writer?.Parameters;
    if (isRecord(args) && typeof args.Bucket === "string") {
      targets.push({
        bucket: args.Bucket,
        prefix: typeof args.Prefix === "string" ? args.Prefix : "",
      });
    }
  });
  return targets;
}
