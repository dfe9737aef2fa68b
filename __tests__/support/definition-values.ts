import { unescapeTerraformTemplate } from "../../constructs/definition";
import { onlyResource } from "./construct-synth";
import type { SynthesizedStack } from "./synth";

/** The strings and numbers of a JSON document, in document order. */
export interface Scalars {
  readonly strings: string[];
  readonly numbers: number[];
}

/** Collects every string and number value of a JSON document; keys are left out. */
export function scalarsOf(document: unknown): Scalars {
  const scalars: Scalars = { strings: [], numbers: [] };
  const visit = (node: unknown): void => {
    if (typeof node === "string") {
      scalars.strings.push(node);
    } else if (typeof node === "number") {
      scalars.numbers.push(node);
    } else if (node !== null && typeof node === "object") {
      Object.values(node).forEach(visit);
    }
  };
  visit(document);
  return scalars;
}

/** Parses the definition of the only state machine as AWS receives it. */
export function deployedDefinitionOf(stack: SynthesizedStack): unknown {
  const definition = onlyResource(stack, "aws_sfn_state_machine").definition;
  return JSON.parse(unescapeTerraformTemplate(String(definition)));
}
