import { readFileSync } from "node:fs";
import * as path from "node:path";
import jsonata from "jsonata";
import {
  ASL_DIR,
  listPlaceholders,
  readAslFile,
} from "../../constructs/definition";
import { validateAsl } from "../../scripts/lib/asl-validation";
import { expressionSource } from "../../scripts/simulator/expressions";
import type { JsonValue } from "../../scripts/simulator/json";
import { DEFINITION_FILE } from "../../stacks/stage-stack";
import { useSynthesizedStages } from "./support/stages";

jest.setTimeout(60_000);

const stages = useSynthesizedStages();

function expressionsOf(node: JsonValue, found: string[] = []): string[] {
  const source = expressionSource(node);
  if (source !== undefined) {
    found.push(source);
  } else if (Array.isArray(node)) {
    node.forEach((item) => expressionsOf(item, found));
  } else if (node !== null && typeof node === "object") {
    Object.values(node).forEach((value) => expressionsOf(value, found));
  }
  return found;
}

describe.each(["staging", "prod"] as const)("%s definition", (name) => {
  it("passes asl-validator", () => {
    expect(validateAsl(stages()[name].definition)).toEqual([]);
  });

  it("compiles every JSONata expression", () => {
    const expressions = expressionsOf(
      JSON.parse(stages()[name].definition) as JsonValue,
    );
    expect(expressions.length).toBeGreaterThan(40);
    for (const source of expressions) {
      expect(() => jsonata(source)).not.toThrow();
    }
  });

  it("uses JSONata throughout", () => {
    const definition = stages()[name].definition;
    expect(JSON.parse(definition).QueryLanguage).toBe("JSONata");
    for (const field of [
      "InputPath",
      "Parameters",
      "ResultSelector",
      "ResultPath",
      "OutputPath",
    ]) {
      expect(definition).not.toContain(`"${field}"`);
    }
  });

  it("leaves no placeholder unfilled", () => {
    expect(stages()[name].definition).not.toMatch(/\{\{[A-Za-z]/);
  });
});

describe("ASL file", () => {
  const text = readFileSync(path.join(ASL_DIR, DEFINITION_FILE), "utf8");

  it("holds no account, Region or stage literal", () => {
    expect(text).not.toMatch(/\d{12}/);
    expect(text).not.toMatch(/\b[a-z]{2}-[a-z]+-\d\b/);
    expect(text).not.toMatch(/staging|prod\b/);
  });

  it("takes stage values from placeholders", () => {
    expect(listPlaceholders(readAslFile(DEFINITION_FILE))).toEqual([
      "DeliveryStreamName",
      "InputBucket",
      "InputPrefix",
      "MaxConcurrency",
      "MaxDocumentBytes",
      "MaxItemsPerBatch",
      "MinConfidence",
      "ProcessedPrefix",
      "ResultsPrefix",
      "ReviewBucket",
      "ReviewPrefix",
      "StateMachineArn",
      "ToleratedFailurePercentage",
    ]);
  });
});
