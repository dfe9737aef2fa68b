import { readFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./support/synth";

const help = readFileSync(path.join(REPO_ROOT, "help"), "utf8");
const scripts = Object.keys(
  (
    JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    }
  ).scripts,
);
const documented = [...help.matchAll(/^ {4}npm (?:run )?([\w:-]+)/gm)].map(
  (match) => match[1],
);

describe("help file", () => {
  it.each(scripts)("documents the %s script", (script) => {
    expect(documented).toContain(script);
  });

  it("documents no script that package.json lacks", () => {
    expect(documented.filter((name) => !scripts.includes(name))).toEqual([]);
  });
});
