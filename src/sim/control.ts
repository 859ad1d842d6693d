import type { IncomingMessage } from 'node:http';
import { parseDuration } from '../core/duration.ts';
import type { VirtualClock } from '../core/clock.ts';
import { faultRuleSchema, type FaultTable } from './faults.ts';
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
    const input = (body ?? {}) as Record<string, unknown>;

    switch (`${method} ${path.replace(/\/$/, '') || '/'}`) {
      case 'GET /health':
        return ok({ ok: true, now: now() });
      case 'GET /clock':
        return ok({ now: now() });
      case 'POST /clock': {
        if (typeof input.advance === 'string' || typeof input.advance === 'number') {
          const ms = typeof input.advance === 'number' ? input.advance : parseDuration(input.advance);
          if (ms === undefined || ms < 0) return bad('advance must be a non-negative duration such as "3m".');
          deps.clock.advance(ms);
          return ok({ now: now() });
        }
        if (typeof input.to === 'string') {
          const to = Date.parse(input.to);
          if (Number.isNaN(to)) return bad('to must be an ISO 8601 instant.');
          if (to < deps.clock.now()) return bad('The clock does not go backwards.');
          deps.clock.set(to);
          return ok({ now: now() });
        }
        return bad('Give {"advance": "<duration>"} or {"to": "<ISO instant>"}.');
      }
      case 'GET /schedule':
        return ok({ now: now(), pending: deps.scheduler.pending() });
      case 'GET /requests':
        return ok({ lastSeq: deps.log.lastSeq, requests: deps.log.entries(Number(query.get('since') ?? 0)) });
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
