import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  ASL_DIR,
  escapeTerraformTemplate,
  fillPlaceholders,
  listPlaceholders,
  readAslFile,
  renderDefinition,
  unescapeTerraformTemplate,
} from "../constructs/definition";
import { stageNames } from "../stacks/names";
import { SHARED_SETTINGS, STAGE_SETTINGS } from "../stacks/settings";
import { parseStageConfig } from "../stacks/stage-config";
import { DEFINITION_FILE, workflowPlaceholders } from "../stacks/stage-stack";
import { TEST_PLACE } from "./support/construct-synth";
import { removeDir } from "./support/synth";
import { stageSettings } from "./support/stack-synth";

const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{([A-Za-z][A-Za-z0-9]*)\}\}$/;

const stagingValues = workflowPlaceholders(
  parseStageConfig(stageSettings("staging")),
  stageNames("staging", TEST_PLACE),
);

// Walks the ASL document and its filled copy side by side and calls `check` for each
// string of the original that contains a placeholder, with the filled value at that spot.
function visitFilledStrings(
  original: unknown,
  filled: unknown,
  check: (text: string, value: unknown) => void,
): void {
  if (typeof original === "string") {
    if (original.includes("{{")) {
      check(original, filled);
    }
  } else if (Array.isArray(original)) {
    original.forEach((item, index) =>
      visitFilledStrings(item, (filled as unknown[])[index], check),
    );
  } else if (original !== null && typeof original === "object") {
    for (const [key, value] of Object.entries(original)) {
      visitFilledStrings(
        value,
        (filled as Record<string, unknown>)[key],
        check,
      );
    }
  }
}

describe("listPlaceholders", () => {
  it("lists nested names once, sorted", () => {
    const document = {
      StartAt: "{{Start}}",
      States: {
        A: { Items: ["{{Bucket}}", { Key: "prefix/{{Bucket}}/{{Key}}" }] },
      },
    };
    expect(listPlaceholders(document)).toEqual(["Bucket", "Key", "Start"]);
  });

  it("ignores keys, numbers and malformed braces", () => {
    const document = { "{{Key}}": 1, Value: "{{1st}} {{ spaced }} {single}" };
    expect(listPlaceholders(document)).toEqual([]);
  });
});

describe("fillPlaceholders", () => {
  it("keeps the number type of a whole-string placeholder", () => {
    const filled = JSON.parse(
      fillPlaceholders({ MaxConcurrency: "{{Limit}}" }, { Limit: 5 }),
    );
    expect(filled.MaxConcurrency).toBe(5);
  });

  it("keeps the boolean type of a whole-string placeholder", () => {
    const filled = JSON.parse(
      fillPlaceholders({ Enabled: "{{Flag}}" }, { Flag: false }),
    );
    expect(filled.Enabled).toBe(false);
  });

  it("splices a value into a longer string as text", () => {
    const filled = JSON.parse(
      fillPlaceholders({ Key: "batch-{{Size}}/" }, { Size: 20 }),
    );
    expect(filled.Key).toBe("batch-20/");
  });

  it("rejects a placeholder without a value", () => {
    expect(() =>
      fillPlaceholders({ A: "{{Bucket}}", B: "{{Prefix}}" }, { Bucket: "b" }),
    ).toThrow(
      "ASL placeholders without a value: Prefix; add them to the values passed to fillPlaceholders.",
    );
  });

  it("rejects a placeholder named like an Object property", () => {
    expect(() => fillPlaceholders({ A: "{{constructor}}" }, {})).toThrow(
      "ASL placeholders without a value: constructor;",
    );
  });

  it("rejects a value that matches no placeholder", () => {
    expect(() =>
      fillPlaceholders({ A: "{{Bucket}}" }, { Bucket: "b", Extra: 1 }),
    ).toThrow(
      "Values that match no ASL placeholder: Extra; remove them or use them in the ASL file.",
    );
  });
});

describe("escapeTerraformTemplate", () => {
  it("escapes ${ as $${", () => {
    expect(escapeTerraformTemplate("{% '${' & $x %}")).toBe("{% '$${' & $x %}");
  });

  it("escapes %{ as %%{", () => {
    expect(escapeTerraformTemplate("a %{ if x } b")).toBe("a %%{ if x } b");
  });

  it("leaves JSONata text without template sequences unchanged", () => {
    const text = "{% $states.input.key & '/' & $string($count) %}";
    expect(escapeTerraformTemplate(text)).toBe(text);
  });

  it("is reversed by unescapeTerraformTemplate", () => {
    const text = "{% $x %} ${ref} %{ directive } $${kept} 50%";
    expect(unescapeTerraformTemplate(escapeTerraformTemplate(text))).toBe(text);
  });
});

describe("unescapeTerraformTemplate", () => {
  it("turns $${ and %%{ back into ${ and %{", () => {
    expect(unescapeTerraformTemplate("$${a} %%{b}")).toBe("${a} %{b}");
  });
});

describe("readAslFile", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "forms-asl-"));
  });

  afterAll(() => removeDir(dir));

  it("rejects a missing file as not found", () => {
    expect(() => readAslFile("absent.v9.asl.json")).toThrow(
      `ASL file ${path.join(ASL_DIR, "absent.v9.asl.json")} not found; add it under asl/ or correct the file name.`,
    );
  });

  it("rejects a file that is not JSON", () => {
    const file = path.join(dir, "broken.v1.asl.json");
    writeFileSync(file, '{"StartAt": ');
    expect(() => readAslFile(path.relative(ASL_DIR, file))).toThrow(
      `Invalid ASL file ${file}: `,
    );
    expect(() => readAslFile(path.relative(ASL_DIR, file))).toThrow(
      "; fix the JSON syntax.",
    );
  });
});

describe(`ASL file ${DEFINITION_FILE}`, () => {
  const document = readAslFile(DEFINITION_FILE);
  const text = readFileSync(path.join(ASL_DIR, DEFINITION_FILE), "utf8");

  it("has a value for every placeholder and no unused value", () => {
    expect(Object.keys(stagingValues).sort()).toEqual(
      listPlaceholders(document),
    );
  });

  it("leaves no placeholder after filling", () => {
    expect(fillPlaceholders(document, stagingValues)).not.toContain("{{");
  });

  it("fills each placeholder with its value and type", () => {
    const filled = JSON.parse(fillPlaceholders(document, stagingValues));
    let checked = 0;
    visitFilledStrings(document, filled, (original, value) => {
      checked += 1;
      const whole = WHOLE_PLACEHOLDER.exec(original);
      if (whole) {
        expect(value).toBe(stagingValues[whole[1]]);
      } else {
        const spliced = original.replace(PLACEHOLDER, (_, name: string) =>
          String(stagingValues[name]),
        );
        expect(value).toBe(spliced);
      }
    });
    expect(checked).toBeGreaterThan(0);
  });

  it("renders as the filled document escaped for Terraform", () => {
    const rendered = renderDefinition(DEFINITION_FILE, stagingValues);
    expect(rendered).toBe(
      escapeTerraformTemplate(fillPlaceholders(document, stagingValues)),
    );
    expect(JSON.parse(unescapeTerraformTemplate(rendered))).toEqual(
      JSON.parse(fillPlaceholders(document, stagingValues)),
    );
  });

  it("contains no account ID", () => {
    expect(text).not.toMatch(/(?<!\d)\d{12}(?!\d)/);
  });

  it("contains no Region code", () => {
    expect(text).not.toMatch(/\b[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d\b/);
    for (const region of [SHARED_SETTINGS, ...STAGE_SETTINGS].map(
      (settings) => settings.region,
    )) {
      expect(text).not.toContain(region);
    }
  });

  it("contains no stage name", () => {
    for (const { stage } of STAGE_SETTINGS) {
      expect(text).not.toMatch(new RegExp(`\\b${stage}\\b`, "i"));
    }
  });
});
