// Preloaded (node --require) when /usr/bin/time is missing: writes "user_s sys_s maxrss_kib" at exit.
process.on('exit', () => {
  const r = process.resourceUsage();
  require('node:fs').writeFileSync(process.env.BENCH_RUSAGE_OUT, `${r.userCPUTime / 1e6} ${r.systemCPUTime / 1e6} ${r.maxRSS}\n`);
});
