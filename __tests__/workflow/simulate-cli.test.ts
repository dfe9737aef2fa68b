import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { RunReport } from "../../scripts/simulator/run-report";
import { REPO_ROOT, removeDir, synthApp } from "../support/synth";
import { FIXTURES, recordOf } from "./support/simulation";

jest.setTimeout(120_000);

const SCENARIO = path.join(FIXTURES, "scenario");

let outdir: string;
let scratch: string;

beforeAll(() => {
  outdir = synthApp();
  scratch = mkdtempSync(path.join(tmpdir(), "simulate-cli-"));
});

afterAll(() => {
  removeDir(outdir);
  rmSync(scratch, { recursive: true, force: true });
});

// Runs `npm run simulate` the way the script does, without npm.
function simulateCli(args: readonly string[]) {
  const result = spawnSync(
    process.execPath,
    [
      require.resolve("ts-node/dist/bin.js"),
      "--swc",
      "scripts/simulate.ts",
      ...args,
    ],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scenarioArgs(extra: readonly string[] = []): string[] {
  return [
    "--stage",
    "staging",
    "--synth-dir",
    outdir,
    "--objects",
    path.join(SCENARIO, "listing.json"),
    "--responses",
    path.join(SCENARIO, "responses.json"),
    "--firehose",
    path.join(SCENARIO, "firehose.json"),
    ...extra,
  ];
}

describe("npm run simulate", () => {
  it("prints one report per run", () => {
    const result = simulateCli(
      scenarioArgs(["--runs", path.join(SCENARIO, "runs.json")]),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const reports = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as RunReport);
    expect(reports.map((report) => report.status)).toEqual([
      "SUCCEEDED",
      "SUCCEEDED",
    ]);
    expect(reports[0].records).toEqual([
      recordOf("incoming/jane.pdf", '"5d41402abc4b2a76b9719d911017c592"', {
        full_name: "Jane Doe",
        email: "jane.doe@example.com",
        phone_number: "+1 555 0100",
        mailing_address: "1 Main Street, Springfield",
        interest: "Solar panels",
      }),
    ]);
    expect(reports[0].review).toEqual([
      {
        key: "incoming/broken.pdf",
        reason: "Textract.BadDocumentException: Request has invalid document",
        location: "review/broken.pdf.json",
      },
    ]);
    expect(reports[1].records).toEqual([
      recordOf("incoming/late.pdf", '"c81e728d9d4c2f636f067f89cc14862c"', {
        full_name: "Jane Doe",
        email: "jane@example.com",
        interest: "Batteries",
      }),
    ]);
    expect(reports[1].review).toEqual([]);
    expect(reports.map((report) => report.skipped)).toEqual([
      ["incoming/", "incoming/readme.txt"],
      ["incoming/", "incoming/readme.txt"],
    ]);
    // Run 1: the overlap check, listing, 3 AnalyzeDocument calls (one throttled), 2
    // PutRecordBatch calls (one partial failure), a note, 2 copies, 2 deletes, 2
    // ResultWriter files.
    expect(reports.map((report) => report.calls.length)).toEqual([14, 8]);
  });

  it("skips a single run while another one runs", () => {
    const other =
      "arn:aws:states:eu-west-1:111111111111:execution:forms-to-tables-staging-extract-forms:hourly-run-0500";
    const throttled = path.join(scratch, "list-executions.json");
    writeFileSync(
      throttled,
      JSON.stringify([
        { error: "ThrottlingException", cause: "Rate exceeded" },
      ]),
    );
    const result = simulateCli(
      scenarioArgs([
        "--now",
        "2026-12-04T06:00:00Z",
        "--running-execution",
        other,
        "--list-executions",
        throttled,
      ]),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as RunReport;
    expect(report.output).toEqual({
      outcome: "skipped",
      reason: `Another run of this state machine is in progress: ${other} is RUNNING, so this run listed and moved no forms; the next run processes them.`,
      runningExecutionArn: other,
    });
    expect(report.calls.map((call) => call.error)).toEqual([
      "Sfn.ThrottlingException",
      undefined,
    ]);
    expect(report.remainingInputKeys).toEqual([
      "incoming/",
      "incoming/broken.pdf",
      "incoming/jane.pdf",
      "incoming/readme.txt",
    ]);
  });

  it("rejects --running-execution together with --runs", () => {
    const result = simulateCli(
      scenarioArgs([
        "--running-execution",
        "arn:aws:states:eu-west-1:111111111111:execution:forms-to-tables-staging-extract-forms:x",
        "--runs",
        path.join(SCENARIO, "runs.json"),
      ]),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^give either --running-execution or --runs: each run in the runs file lists its own runningExecutions\.\n\nUsage: npm run simulate/,
    );
  });

  it("asks for a synth when the stack is missing", () => {
    const result = simulateCli([
      "--stage",
      "staging",
      "--synth-dir",
      scratch,
      "--objects",
      path.join(SCENARIO, "listing.json"),
      "--responses",
      path.join(SCENARIO, "responses.json"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toBe(
      `No synthesized stack for stage "staging" at ${path.join(scratch, "stacks", "staging", "cdk.tf.json")} (synthesized stacks: none); run npm run synth first.`,
    );
  });

  it("names the file, field and value of a bad input", () => {
    const listing = path.join(scratch, "listing.json");
    writeFileSync(
      listing,
      JSON.stringify([
        {
          Etag: '"a"',
          Key: "incoming/a.pdf",
          LastModified: "yesterday",
          Size: 1,
          StorageClass: "STANDARD",
        },
      ]),
    );
    const result = simulateCli([
      "--stage",
      "staging",
      "--synth-dir",
      outdir,
      "--objects",
      listing,
      "--responses",
      path.join(SCENARIO, "responses.json"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Invalid ${listing}: field "[0].LastModified" has value "yesterday"; expected whole seconds since the epoch, such as 1668699881; each item needs exactly Etag, Key, LastModified, Size and StorageClass, as the listObjectsV2 ItemReader delivers them.`,
    );
  });

  it("rejects --now together with --runs", () => {
    const result = simulateCli(
      scenarioArgs([
        "--now",
        "2026-12-04T06:00:00Z",
        "--runs",
        path.join(SCENARIO, "runs.json"),
      ]),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^give either --now or --runs: each run in the runs file has its own time\.\n\nUsage: npm run simulate/,
    );
  });
});
