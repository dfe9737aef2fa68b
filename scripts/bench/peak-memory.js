// Preloaded into a benchmarked process: prints its peak resident set size in KiB on exit.
process.on("exit", () => {
  process.stderr.write(`\nPEAK_RSS_KIB=${process.resourceUsage().maxRSS}\n`);
});
