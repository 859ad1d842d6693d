/**
 * Preloaded (`node --import ./bench/lib/module-count.ts`) into a `pnd` process by
 * bench/module-load.ts: counts every module the process loads (ESM and CommonJS alike, through
 * the synchronous module hooks) and, at exit, writes the count, the vendor SDK modules among them,
 * CPU time and peak RSS as one JSON line to the file named by PND_MODULE_COUNT_OUT.
 */
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const urls = new Set<string>();
registerHooks({
  load(url, context, nextLoad) {
    urls.add(url);
    return nextLoad(url, context);
  },
});

const out = process.env.PND_MODULE_COUNT_OUT;
process.on('exit', () => {
  if (!out) return;
  const all = [...urls];
  const count = (needle: string) => all.filter((u) => u.includes(needle)).length;
  const cpu = process.cpuUsage();
  appendFileSync(
    out,
    `${JSON.stringify({
      modules: all.length,
      kubernetes: count('/node_modules/@kubernetes/'),
      azure: count('/node_modules/@azure/'),
      octokit: count('/node_modules/@octokit/'),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    })}\n`,
  );
});
