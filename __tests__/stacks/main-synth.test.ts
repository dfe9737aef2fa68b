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

// Runs `cdktf synth` on copies of the app with settings that fail. A run took about 5 s
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

// Renames staging to a 12-character stage and moves every stack to a Region name longer
// than any current one. The settings pass, but the input bucket name no longer fits in
// 63 characters, so the stacks fail while they are built.
function writeLongNames(settingsFile: string): void {
  const text = readFileSync(settingsFile, "utf8");
  if (!text.includes('stage: "staging"') || !text.includes('"eu-west-1"')) {
    throw new Error(
      `${settingsFile} has no "staging" entry in eu-west-1; update this test.`,
    );
  }
  writeFileSync(
    settingsFile,
    text
      .replace('stage: "staging"', 'stage: "stagingzone1"')
      .replaceAll("eu-west-1", "ap-southeastern-1"),
  );
}

const FAILED_SYNTHS = [
  {
    settings: "an invalid setting",
    writeSettings: writeInvalidConfidence,
    message:
      'Invalid settings for stage "staging": field "minConfidence" has value 180; expected a number from 0 to 100.',
  },
  {
    settings: "a name too long for AWS",
    writeSettings: writeLongNames,
    message:
      'Invalid settings for stage "stagingzone1": the input bucket name "forms-to-tables-stagingzone1-input-111111111111-ap-southeastern-1" has 65 characters, but S3 bucket names allow at most 63; shorten the stage name by 2 characters.',
  },
];

describe.each(FAILED_SYNTHS)(
  "cdktf synth with $settings",
  ({ writeSettings, message }) => {
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
      writeSettings(path.join(appDir, "stacks", "settings.ts"));

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

    it("prints the stage and the cause", () => {
      expect(`${result.stdout}\n${result.stderr}`).toContain(message);
    });

    it("removes the stacks of an earlier synth", () => {
      expect(existsSync(path.join(appDir, "cdktf.out", "stacks"))).toBe(false);
      expect(existsSync(path.join(appDir, "cdktf.out", "manifest.json"))).toBe(
        false,
      );
    });
  },
);
