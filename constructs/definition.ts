import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** Value of a named placeholder in an ASL file. */
export type PlaceholderValue = string | number | boolean;

/** Folder holding the versioned Amazon States Language files. */
export const ASL_DIR = path.join(__dirname, "..", "asl");

// `{{Name}}` is a placeholder. A JSON string that is exactly one placeholder takes the
// value with its type, so a number stays a number. Inside a longer string the value is
// spliced in as text.
const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{([A-Za-z][A-Za-z0-9]*)\}\}$/;

/** Reads an ASL file from `asl/` and parses it as JSON. */
export function readAslFile(fileName: string): unknown {
  const file = path.join(ASL_DIR, fileName);
  if (!existsSync(file)) {
    throw new Error(
      `ASL file ${file} not found; add it under asl/ or correct the file name.`,
    );
  }
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(
      `Invalid ASL file ${file}: ${(error as Error).message}; fix the JSON syntax.`,
    );
  }
}

/** Lists the placeholder names an ASL document uses, sorted. */
export function listPlaceholders(document: unknown): string[] {
  const names = new Set<string>();
  visitStrings(document, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) {
      names.add(match[1]);
    }
  });
  return [...names].sort();
}

/**
 * Fills every placeholder of an ASL document and returns the result as a JSON string.
 * Throws when a placeholder has no value or a value matches no placeholder, so the
 * document and the values can never drift apart.
 */
export function fillPlaceholders(
  document: unknown,
  values: Readonly<Record<string, PlaceholderValue>>,
): string {
  const used = listPlaceholders(document);
  const missing = used.filter((name) => !Object.hasOwn(values, name));
  if (missing.length > 0) {
    throw new Error(
      `ASL placeholders without a value: ${missing.join(", ")}; add them to the values passed to fillPlaceholders.`,
    );
  }
  const unused = Object.keys(values).filter((name) => !used.includes(name));
  if (unused.length > 0) {
    throw new Error(
      `Values that match no ASL placeholder: ${unused.join(", ")}; remove them or use them in the ASL file.`,
    );
  }
  return JSON.stringify(replaceInTree(document, values));
}

/**
 * Escapes Terraform's template sequences `${` and `%{` as `$${` and `%%{`, so that
 * Terraform hands the string to the provider unchanged. cdktf writes strings into the
 * synthesized JSON as they are, and Terraform would otherwise read JSONata text such as
 * `${` as an interpolation.
 */
export function escapeTerraformTemplate(text: string): string {
  // Replacement functions, because "$$" in a replacement string stands for one "$".
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** Reverses escapeTerraformTemplate: what Terraform makes of an escaped string. */
export function unescapeTerraformTemplate(text: string): string {
  return text.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}

/**
 * Renders the definition of a state machine from its ASL file: fills the placeholders and
 * escapes the result for Terraform.
 */
export function renderDefinition(
  fileName: string,
  values: Readonly<Record<string, PlaceholderValue>>,
): string {
  return escapeTerraformTemplate(
    fillPlaceholders(readAslFile(fileName), values),
  );
}

function replaceInTree(
  node: unknown,
  values: Readonly<Record<string, PlaceholderValue>>,
): unknown {
  if (typeof node === "string") {
    const whole = WHOLE_PLACEHOLDER.exec(node);
    if (whole) {
      return values[whole[1]];
    }
    return node.replace(PLACEHOLDER, (_, name: string) => String(values[name]));
  }
  if (Array.isArray(node)) {
    return node.map((item) => replaceInTree(item, values));
  }
  if (node !== null && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [
        key,
        replaceInTree(value, values),
      ]),
    );
  }
  return node;
}

function visitStrings(node: unknown, visit: (text: string) => void): void {
  if (typeof node === "string") {
    visit(node);
  } else if (Array.isArray(node)) {
    node.forEach((item) => visitStrings(item, visit));
  } else if (node !== null && typeof node === "object") {
    Object.values(node).forEach((value) => visitStrings(value, visit));
  }
}
