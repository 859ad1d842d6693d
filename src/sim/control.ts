import type { IncomingMessage } from 'node:http';
import { parseDuration } from '../core/duration.ts';
import type { VirtualClock } from '../core/clock.ts';
import { faultRuleSchema, type FaultTable } from './faults.ts';
import { LATEST_INSTANT, MAX_CLOCK_STEP_MS } from './limits.ts';
import { currentMemoryBudget } from './memory-budget.ts';
import type { RequestLog } from './request-log.ts';
import type { Scheduler } from './scheduler.ts';
import type { SimResponse } from './types.ts';
import type { World } from './world.ts';

export interface ControlDeps {
  clock: VirtualClock;
  scheduler: Scheduler;
  world: World;
  log: RequestLog;
  faults: FaultTable;
}

/**
 * The control API of a running simulator, under `/_sim` (no vendor uses it). Documented in
 * docs/simulator.md. It has no auth: the simulator only ever listens on 127.0.0.1.
 *
 *   GET    /_sim/health                  {ok, now}
 *   GET    /_sim/memory                  the process's memory and its budget (memory-budget.ts)
 *   GET    /_sim/clock                   {now}
 *   POST   /_sim/clock  {advance:"3m"}   or {to:"2026-11-25T09:00:00Z"} -> {now}
 *   GET    /_sim/schedule                what is due later
 *   GET    /_sim/requests?since=N        the request log (N = last seq seen)
 *   DELETE /_sim/requests                clear the log and problems
 *   GET    /_sim/problems                spec drift, bad requests and unknown routes seen
 *   GET    /_sim/faults                  faults in force
 *   POST   /_sim/faults  {rule}          add a fault (see the scenario's `faults`)
 *   DELETE /_sim/faults                  remove all faults
 *   GET    /_sim/events                  the named scenario events
 *   POST   /_sim/events {event, args}    fire an event now (e.g. a pod starts crash-looping)
 */
export function createControl(deps: ControlDeps) {
  return async (
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
    body: unknown,
  ): Promise<SimResponse> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const ok = (value: unknown): SimResponse => ({ status: 200, body: value });
    const bad = (message: string): SimResponse => ({ status: 400, body: { error: message } });
    const now = () => new Date(deps.clock.now()).toISOString();
    const input = (isObject(body) ? body : {}) as Record<string, unknown>;

    switch (`${method} ${path.replace(/\/$/, '') || '/'}`) {
      case 'GET /health':
        return ok({ ok: true, now: now() });
      case 'GET /clock':
        return ok({ now: now() });
      case 'GET /memory': {
        const usage = process.memoryUsage();
        return ok({
          residentBytes: usage.rss,
          heapUsedBytes: usage.heapUsed,
          heapTotalBytes: usage.heapTotal,
          externalBytes: usage.external,
          arrayBuffersBytes: usage.arrayBuffers,
          budget: currentMemoryBudget()?.stats() ?? null,
        });
      }
      case 'POST /clock': {
        const target = clockTarget(body, deps.clock.now());
        if (typeof target === 'string') return bad(target);
        deps.clock.set(target);
        return ok({ now: now() });
      }
      case 'GET /schedule':
        return ok({ now: now(), pending: deps.scheduler.pending() });
      case 'GET /requests': {
        const since = Number(query.get('since') ?? 0);
        if (!Number.isSafeInteger(since) || since < 0)
          return bad('since must be a whole number >= 0: the last seq seen.');
        return ok({ lastSeq: deps.log.lastSeq, requests: deps.log.entries(since) });
      }
      case 'DELETE /requests':
        deps.log.clear();
        return { status: 204 };
      case 'GET /problems':
        return ok({ problems: deps.log.problems() });
      case 'GET /faults':
        return ok({ faults: deps.faults.list() });
      case 'POST /faults': {
        const parsed = faultRuleSchema.safeParse(body);
        if (!parsed.success) return bad(`Invalid fault rule: ${parsed.error.message}`);
        return { status: 201, body: deps.faults.add(parsed.data) };
      }
      case 'DELETE /faults':
        deps.faults.clear();
        return { status: 204 };
      case 'GET /events':
        return ok({ events: deps.world.eventNames() });
      case 'POST /events': {
        if (typeof input.event !== 'string') return bad('Give {"event": "<name>", "args": {...}}.');
        try {
          deps.world.fire(input.event, input.args);
        } catch (error) {
          return bad(error instanceof Error ? error.message : String(error));
        }
        return ok({ fired: input.event, now: now() });
      }
      default:
        return {
          status: 404,
          body: { error: `No control endpoint ${method} /_sim${path}. See docs/simulator.md.` },
        };
    }
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CLOCK_USAGE =
  'Give {"advance": "<duration>"} (e.g. "3m", "1d", or milliseconds) or {"to": "<ISO 8601 instant>"}.';

/**
 * Where a POST /_sim/clock moves the clock, or why it refuses. Bounded so that no request can
 * move time past what every vendor can write as an instant, or make the simulator replay years
 * of scheduled state changes in one go: a refusal leaves the clock where it was.
 */
function clockTarget(body: unknown, current: number): number | string {
  if (!isObject(body)) return `The body is not a JSON object. ${CLOCK_USAGE}`;
  const { advance, to } = body;
  if ((advance === undefined) === (to === undefined)) return CLOCK_USAGE;
  let target: number;
  if (advance !== undefined) {
    const ms =
      typeof advance === 'number'
        ? advance
        : typeof advance === 'string'
          ? parseDuration(advance)
          : undefined;
    if (ms === undefined || !Number.isFinite(ms) || ms < 0)
      return `advance must be a duration >= 0 such as "3m" or a number of milliseconds. ${CLOCK_USAGE}`;
    if (ms > MAX_CLOCK_STEP_MS)
      return `advance is over the limit of ${MAX_CLOCK_STEP_MS / 86_400_000} days in one step; move the clock in smaller steps.`;
    target = current + ms;
  } else {
    const instant = typeof to === 'string' ? Date.parse(to) : Number.NaN;
    if (Number.isNaN(instant)) return `to must be an ISO 8601 instant such as "2026-11-25T09:00:00Z".`;
    if (instant < current) return 'The clock does not go backwards.';
    if (instant - current > MAX_CLOCK_STEP_MS)
      return `to is more than ${MAX_CLOCK_STEP_MS / 86_400_000} days ahead of the clock; move it in smaller steps.`;
    target = instant;
  }
  if (target > LATEST_INSTANT)
    return `The clock does not go past ${new Date(LATEST_INSTANT).toISOString()}, the last instant vendors write.`;
  return target;
}
