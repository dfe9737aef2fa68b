import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

// Synthesizes the three stacks and a one-resource cdktf app several times each, in fresh
// processes, and prints the median wall time and the largest peak memory of each, twice:
// the app process alone (what cdktf.json's "app" runs) and the whole `cdktf synth`.
// Targets: the stacks take at most twice the one-resource app's time and stay under 400 MB.

const ROOT = path.join(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIME_FACTOR_TARGET = 2;
const MEMORY_TARGET_MB = 400;
const PEAK_MEMORY_HOOK = path.join(ROOT, "scripts", "bench", "peak-memory.js");
const TS_NODE = require.resolve("ts-node/dist/bin.js");
const CDKTF_CLI = require.resolve("cdktf-cli/bundle/bin/cdktf");
const ENTRIES = {
  baseline: path.join("scripts", "bench", "one-resource-app.ts"),
  stacks: "main.ts",
} as const;

interface Sample {
  readonly seconds: number;
  readonly peakMb: number;
}

type Mode = "app process" | "cdktf synth";

function runOnce(mode: Mode, entry: string): Sample {
  const outdir = mkdtempSync(path.join(tmpdir(), "forms-bench-"));
  const args =
    mode === "app process"
      ? [TS_NODE, "--swc", entry]
      : [
          CDKTF_CLI,
          "synth",
          "--app",
          `node ${TS_NODE} --swc ${entry}`,
          "--output",
          outdir,
        ];
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      CDKTF_OUTDIR: outdir,
      CHECKPOINT_DISABLE: "1",
      // Every Node.js process of the run reports its own peak; the largest one counts.
      NODE_OPTIONS: `--require ${PEAK_MEMORY_HOOK}`,
    },
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0) {
    throw new Error(
      `${mode} of ${entry} failed with exit code ${result.status}:\n${result.stderr}`,
    );
  }
  const peaks = [
    ...`${result.stdout}${result.stderr}`.matchAll(/PEAK_RSS_KIB=(\d+)/g),
  ];
  if (peaks.length === 0) {
    throw new Error(
      `${mode} of ${entry} reported no peak memory; check ${PEAK_MEMORY_HOOK}.`,
    );
  }
  return {
    seconds,
    peakMb: Math.max(...peaks.map((peak) => Number(peak[1]))) / 1024,
  };
}

function measure(mode: Mode, entry: string): Sample {
  runOnce(mode, entry); // warm the file system cache
  const samples = Array.from({ length: RUNS }, () => runOnce(mode, entry));
  const times = samples.map((sample) => sample.seconds).sort((a, b) => a - b);
  return {
    seconds: times[Math.floor(times.length / 2)],
    peakMb: Math.max(...samples.map((sample) => sample.peakMb)),
  };
}

function report(mode: Mode): boolean {
  const baseline = measure(mode, ENTRIES.baseline);
  const stacks = measure(mode, ENTRIES.stacks);
  const factor = stacks.seconds / baseline.seconds;
  const met = factor <= TIME_FACTOR_TARGET && stacks.peakMb < MEMORY_TARGET_MB;
  console.log(`\n${mode}`);
  console.log(
    `${"app".padEnd(26)}${"median wall time (s)".padStart(22)}${"peak memory (MB)".padStart(18)}`,
  );
  for (const [name, sample] of [
    ["one-resource app", baseline],
    ["shared + staging + prod", stacks],
  ] as const) {
    console.log(
      `${name.padEnd(26)}${sample.seconds.toFixed(2).padStart(22)}${sample.peakMb.toFixed(0).padStart(18)}`,
    );
  }
  console.log(
    `time factor ${factor.toFixed(2)} (target at most ${TIME_FACTOR_TARGET}), ` +
      `peak ${stacks.peakMb.toFixed(0)} MB (target under ${MEMORY_TARGET_MB} MB): ` +
      (met ? "targets met" : "targets missed"),
  );
  return met;
}

function main(): void {
  if (!Number.isInteger(RUNS) || RUNS < 1) {
    throw new Error(
      `Invalid BENCH_RUNS "${process.env.BENCH_RUNS}": expected a whole number, 1 or more.`,
    );
  }
  console.log(
    `Synthesis benchmark: ${RUNS} runs of each after one warm-up, node ${process.version}`,
  );
  const results = (["app process", "cdktf synth"] as const).map(report);
  process.exitCode = results.every(Boolean) ? 0 : 1;
}

main();
