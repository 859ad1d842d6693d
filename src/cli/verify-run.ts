// The work behind `pnd verify`, loaded only when that command runs (see verify.ts).
import { deployDayRequest } from '../train/deploy/request.ts';
import { systemClock } from '../core/clock.ts';
import { EXIT } from '../core/errors.ts';
import { verifyNow, type VerifyNowResult } from '../train/deploy/verify-now.ts';
import { guardInterrupts } from './interrupt.ts';
import { paint, printJson } from './output.ts';
import { renderTable } from './table.ts';
import { openTrainContext } from '../app/compose.ts';
import type { VerifyOptions } from './options.ts';
import { reportWait } from './waits.ts';

export async function runVerify(envId: string, options: VerifyOptions): Promise<number> {
  const context = await openTrainContext({ ...options, onWait: reportWait(options.json) });
  const guard = guardInterrupts(context.journal);
  try {
    const request = deployDayRequest(context.estate, {
      env: envId,
      components: options.component,
      dryRun: true,
      clock: systemClock,
      journal: context.journal,
      providers: context.providers,
      issue: false,
    });
    const results = await verifyNow({
      targets: request.targets,
      clock: systemClock,
      journal: guard.journal,
      record: options.record,
      args: { env: envId, components: options.component },
    });
    if (options.json) printJson({ env: envId, components: results.map(toJson) });
    else process.stdout.write(`${table(results)}\n`);
    if (results.some((r) => r.status === 'fail')) return EXIT.failed;
    if (results.some((r) => r.status === 'pending')) return EXIT.blockedByPolicy;
    return EXIT.ok;
  } finally {
    guard.dispose();
    await context.journal.close();
  }
}

function toJson(result: VerifyNowResult): unknown {
  return {
    component: result.component.id,
    version: result.version ?? null,
    status: result.status,
    checks: result.results.map((r) => ({
      check: r.check,
      kind: r.kind,
      status: r.status,
      reason: r.reason,
      evidence: r.evidence,
    })),
  };
}

function table(results: VerifyNowResult[]): string {
  const rows: string[][] = [];
  for (const result of results) {
    if (result.results.length === 0)
      rows.push([
        result.component.name,
        result.version?.label ?? '-',
        '-',
        result.status,
        'no checks configured',
      ]);
    for (const check of result.results) {
      const status =
        check.status === 'pass'
          ? paint('green', 'pass')
          : check.status === 'fail'
            ? paint('red', 'FAIL')
            : paint('yellow', 'pending');
      rows.push([result.component.name, result.version?.label ?? '-', check.check, status, check.reason]);
    }
  }
  return renderTable(['component', 'version', 'check', 'status', 'reason'], rows);
}
