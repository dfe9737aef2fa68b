import { spawnSync, SpawnSyncReturns } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { removeDir, REPO_ROOT } from "../support/synth";

// Runs `cdktf synth` on a copy of the app with one invalid setting. A run took about 5 s
// on this project's 2-core machine, so the 30 s limit leaves room for a slower start.
jest.setTimeout(30_000);

const APP_FILES = [
  "main.ts",
  "stacks",
  "constructs",
  "asl",
  "cdktf.json",
  "tsconfig.json",
];

const EXPECTED_MESSAGE =
  'Invalid settings for stage "staging": field "minConfidence" has value 180; expected a number from 0 to 100.';

// Replaces the first minConfidence after the staging entry's name with 180, outside the
// allowed 0 to 100, and throws when the settings file no longer has that shape.
function writeInvalidConfidence(settingsFile: string): void {
  const text = readFileSync(settingsFile, "utf8");
  const staging = text.indexOf('stage: "staging"');
  const field = /minConfidence: [\d.]+/.exec(text.slice(staging));
  if (staging < 0 || !field) {
    throw new Error(
      `${settingsFile} has no minConfidence in a "staging" entry; update this test.`,
    );
  }
  const start = staging + field.index;
  writeFileSync(
    settingsFile,
    `${text.slice(0, start)}minConfidence: 180${text.slice(start + field[0].length)}`,
  );
}

describe("cdktf synth with an invalid setting", () => {
  let appDir: string;
  let result: SpawnSyncReturns<string>;

  beforeAll(() => {
    appDir = mkdtempSync(path.join(tmpdir(), "forms-main-"));
    for (const file of APP_FILES) {
      cpSync(path.join(REPO_ROOT, file), path.join(appDir, file), {
        recursive: true,
      });
    }
    symlinkSync(
      path.join(REPO_ROOT, "node_modules"),
      path.join(appDir, "node_modules"),
      "dir",
    );
    writeInvalidConfidence(path.join(appDir, "stacks", "settings.ts"));

    const staleStack = path.join(appDir, "cdktf.out", "stacks", "staging");
    mkdirSync(staleStack, { recursive: true });
    writeFileSync(path.join(staleStack, "cdk.tf.json"), "{}");
    writeFileSync(path.join(appDir, "cdktf.out", "manifest.json"), "{}");

    result = spawnSync("npx", ["cdktf", "synth"], {
      cwd: appDir,
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
      encoding: "utf8",
      timeout: 25_000,
    });
  });

  afterAll(() => removeDir(appDir));

  it("exits with an error", () => {
    expect(result.error).toBe(undefined);
    expect(result.status).not.toBe(0);
    expect(result.status).not.toBe(null);
  });

  it("prints the stage, field and value", () => {
    expect(`${result.stdout}\n${result.stderr}`).toContain(EXPECTED_MESSAGE);
  });

  it("removes the stacks of an earlier synth", () => {
    expect(existsSync(path.join(appDir, "cdktf.out", "stacks"))).toBe(false);
    expect(existsSync(path.join(appDir, "cdktf.out", "manifest.json"))).toBe(
      false,
    );
  });
});
