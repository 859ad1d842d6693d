import { request as httpsRequest } from 'node:https';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, fetch as undiciFetch } from 'undici';
import { z } from 'zod';
import { VirtualClock } from '../core/clock.ts';
import { createControl } from './control.ts';
import { FaultTable } from './faults.ts';
import type { Mount } from './mount.ts';
import { RequestLog } from './request-log.ts';
import { Router } from './router.ts';
import { Scheduler } from './scheduler.ts';
import { SimServer } from './server.ts';
import type { OperationMatch, SpecValidator } from './spec/index.ts';
import { generateTls, type SimTls } from './tls.ts';
import type { SimResponse, VendorProfile } from './types.ts';
import { World } from './world.ts';

// A made-up vendor, so the pipeline (faults, auth, routing, validation, ETags, control API) is
// tested on its own; each real vendor's contract tests cover its profile and routes.
const profile: VendorProfile = {
  vendor: 'github',
  authenticate: (req) =>
    req.headers.authorization === 'Bearer good'
      ? { id: 'kari' }
      : { status: 401, body: { message: 'Bad credentials' } },
  notFound: () => ({ status: 404, body: { message: 'Not Found' } }),
  rateLimited: (_req, status, retryAfter) => ({
    status,
    headers: { 'retry-after': String(retryAfter), 'x-ratelimit-remaining': '0' },
    body: { message: 'limited' },
  }),
  serverError: (_req, status) => ({ status, body: { message: 'Server Error' } }),
  badRequest: (_req, message) => ({ status: 422, body: { message: 'Validation Failed', detail: message } }),
  tooLarge: (_req, limit) => ({ status: 413, body: { message: 'Too large for the vendor', limit } }),
};

const fakeValidator: SpecValidator = {
  match: (_vendor, method, path): OperationMatch | undefined =>
    path.startsWith('/things')
      ? { vendor: 'github', operationId: `${method} things`, pathTemplate: path, params: {} }
      : undefined,
  validateRequest: (_m, req) =>
    req.body !== undefined && typeof req.body !== 'object'
      ? [{ where: 'body', message: 'not an object' }]
      : [],
  operations: () => [],
  validateResponse: (_m, res) =>
    (res.body as { bad?: boolean } | undefined)?.bad
      ? [{ where: 'response body /bad', message: 'must not exist' }]
      : [],
};

/** Over the size from which the server writes a body apart from its head; not all ASCII. */
function bigBody(id: string): { id: string; items: string[] } {
  return { id, items: Array.from({ length: 2000 }, (_, i) => `item ${i} – ${id}`) };
}

let tls: SimTls;
let server: SimServer;
let validating = true;
let base: string;
let log: RequestLog;
let faults: FaultTable;
let clock: VirtualClock;
let warnings: string[];
let dispatcher: Agent;

beforeEach(async () => {
  tls ??= await generateTls();
  clock = new VirtualClock('2026-11-23T04:00:00Z');
  const scheduler = new Scheduler(clock);
  const world = new World(clock, scheduler);
  world.defineEvent('thing.break', {
    description: 'Breaks a thing.',
    schema: z.object({ id: z.string() }),
    run: ({ id }) => broken.add(id),
  });
  log = new RequestLog();
  faults = new FaultTable(7);
  warnings = [];
  const broken = new Set<string>();
  let version = 1;
  const router = new Router()
    .get('/things/{id}', (req): SimResponse =>
      broken.has(req.params.id!)
        ? { status: 500, body: { message: 'broken' } }
        : { status: 200, body: { id: req.params.id, cluster: req.params.cluster, version } },
    )
    .post('/things', () => {
      version++;
      return { status: 201, body: { version } };
    })
    .get('/things/{id}/bad', () => ({ status: 200, body: { bad: true } }))
    .get('/things/{id}/big', (req) => ({ status: 200, body: bigBody(req.params.id!) }))
    .get('/unspecified', () => ({ status: 200, body: {} }));
  const mount: Mount = {
    vendor: 'github',
    prefix: '/v/{cluster}',
    profile,
    router,
    specs: ['github'],
    conditionalGet: true,
  };
  server = new SimServer({
    tls,
    mounts: [mount],
    log,
    faults,
    validator: fakeValidator,
    validating: () => validating,
    now: () => clock.now(),
    control: createControl({ clock, scheduler, world, log, faults }),
    warn: (m) => warnings.push(m),
  });
  base = await server.listen(0, '127.0.0.1');
  dispatcher = new Agent({ connect: { ca: tls.caPem } });
});

afterEach(async () => {
  await dispatcher.close();
  await server.close();
});

const call = (
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string>; signal?: AbortSignal } = {},
) =>
  undiciFetch(base + path, {
    ...init,
    headers: { authorization: 'Bearer good', ...init.headers },
    dispatcher,
  });

describe('simulator server pipeline', () => {
  it('serves over TLS trusted only through its CA', async () => {
    await expect(undiciFetch(`${base}/v/c1/things/a`)).rejects.toThrow();
    const res = await call('/v/c1/things/a');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'a', cluster: 'c1', version: 1 });
  });

  it('answers a bad token with the vendor response and logs the caller of a good one', async () => {
    const res = await call('/v/c1/things/a', { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    await call('/v/c1/things/a');
    expect(log.entries().map((e) => [e.status, e.principal])).toEqual([
      [401, undefined],
      [200, 'kari'],
    ]);
  });

  it('answers an unknown route in the vendor shape and records it loudly', async () => {
    const res = await call('/v/c1/nothing/here');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Not Found' });
    expect(log.problems()).toMatchObject([{ kind: 'unknown-route' }]);
    expect(warnings.join('\n')).toMatch(/UNKNOWN ROUTE/);
    const outside = await call('/elsewhere');
    expect(outside.status).toBe(404);
    expect(log.problems()).toHaveLength(2);
  });

  it('rejects a request outside the description and records response drift', async () => {
    const bad = await call('/v/c1/things', {
      method: 'POST',
      body: '"text"',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(422);
    await call('/v/c1/things/a/bad');
    await call('/v/c1/unspecified');
    expect(log.problems().map((p) => p.kind)).toEqual(['request', 'response', 'response']);
    expect(log.problems()[1]!.message).toMatch(/response body \/bad/);
  });

  it('validates nothing while validation is paused (a bench’s timed runs), and again after', async () => {
    validating = false;
    try {
      const bad = await call('/v/c1/things', {
        method: 'POST',
        body: '"text"',
        headers: { 'content-type': 'application/json' },
      });
      expect(bad.status).toBe(201);
      await call('/v/c1/things/a/bad');
      expect(log.problems()).toEqual([]);
      // The operation is still matched: the log names it.
      expect(log.entries().at(-1)?.operationId).toBeTruthy();
    } finally {
      validating = true;
    }
    await call('/v/c1/things/a/bad');
    expect(log.problems().map((p) => p.kind)).toEqual(['response']);
  });

  it('serves ETags and answers a matching If-None-Match with 304 until the resource changes', async () => {
    const first = await call('/v/c1/things/a');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    const again = await call('/v/c1/things/a', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    await call('/v/c1/things', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    const changed = await call('/v/c1/things/a', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
  });

  it('serves a large body (head and body written as two chunks) intact, and keeps the connection', async () => {
    const first = await call('/v/c1/things/a/big');
    const text = await first.text();
    expect(first.status).toBe(200);
    expect(Number(first.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(JSON.parse(text)).toEqual(bigBody('a'));
    const etag = first.headers.get('etag')!;
    expect((await call('/v/c1/things/a/big', { headers: { 'if-none-match': etag } })).status).toBe(304);
    // The next answers on the same keep-alive connection start where this one ended.
    const [small, big] = await Promise.all([call('/v/c1/things/b'), call('/v/c1/things/b/big')]);
    expect(await small.json()).toEqual({ id: 'b', cluster: 'c1', version: 1 });
    expect(await big.json()).toEqual(bigBody('b'));
  });

  it('applies each fault kind, a limited number of times', async () => {
    faults.add({ kind: 'rate-limit', status: 403, retryAfterSeconds: 7, times: 1 });
    const limited = await call('/v/c1/things/a');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await call('/v/c1/things/a')).status).toBe(200);

    faults.add({ kind: 'server-error', status: 503, path: '/things/{id}', times: 1 });
    expect((await call('/v/c1/things/a')).status).toBe(503);

    faults.add({ kind: 'reset', method: 'GET', path: '/things/*', times: 1 });
    await expect(call('/v/c1/things/a')).rejects.toThrow();

    faults.add({ kind: 'delay', delayMs: 150, times: 1 });
    const started = performance.now();
    expect((await call('/v/c1/things/a')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    faults.add({ kind: 'hang', times: 1 });
    await expect(call('/v/c1/things/a', { signal: AbortSignal.timeout(300) })).rejects.toThrow(
      /abort|timeout/i,
    );
    expect((await call('/v/c1/things/a')).status).toBe(200);
    expect(
      log
        .entries()
        .map((e) => e.fault)
        .filter(Boolean),
    ).toEqual(['rate-limit', 'server-error', 'reset', 'delay', 'hang']);
  });

  it('fires random faults reproducibly from the seed', async () => {
    const pattern = async () => {
      const f = new FaultTable(42);
      f.add({ kind: 'server-error', probability: 0.5 });
      return Array.from({ length: 20 }, () =>
        Boolean(f.take({ vendor: 'github', method: 'GET', path: '/x', template: undefined })),
      );
    };
    const a = await pattern();
    expect(a).toEqual(await pattern());
    expect(a.some(Boolean) && !a.every(Boolean)).toBe(true);
  });
});

describe('control API', () => {
  const control = (path: string, method = 'GET', body?: unknown) =>
    undiciFetch(`${base}/_sim${path}`, {
      method,
      dispatcher,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  it('moves the virtual clock and refuses to move it backwards', async () => {
    const advanced = await control('/clock', 'POST', { advance: '1d2h' });
    expect(await advanced.json()).toEqual({ now: '2026-11-24T06:00:00.000Z' });
    expect((await control('/clock', 'POST', { to: '2026-11-20T00:00:00Z' })).status).toBe(400);
    expect((await control('/clock', 'POST', { advance: 'soon' })).status).toBe(400);
  });

  it('adds, lists and clears faults, and validates them', async () => {
    expect((await control('/faults', 'POST', { kind: 'server-error', times: 1 })).status).toBe(201);
    expect((await call('/v/c1/things/a')).status).toBe(500);
    expect(((await (await control('/faults')).json()) as { faults: unknown[] }).faults).toHaveLength(1);
    expect((await control('/faults', 'POST', { kind: 'explode' })).status).toBe(400);
    expect((await control('/faults', 'DELETE')).status).toBe(204);
    expect(faults.list()).toEqual([]);
  });

  it('returns the request log since a sequence number, without control calls', async () => {
    await call('/v/c1/things/a');
    await call('/v/c1/things', {
      method: 'POST',
      body: '{"x":1}',
      headers: { 'content-type': 'application/json' },
    });
    const all = (await (await control('/requests')).json()) as {
      lastSeq: number;
      requests: { method: string; body?: unknown }[];
    };
    expect(all.requests.map((r) => r.method)).toEqual(['GET', 'POST']);
    expect(all.requests[1]!.body).toEqual({ x: 1 });
    const since = (await (await control(`/requests?since=${all.lastSeq}`)).json()) as { requests: unknown[] };
    expect(since.requests).toEqual([]);
  });

  it('fires named events and rejects unknown ones with the list of known names', async () => {
    expect((await control('/events', 'POST', { event: 'thing.break', args: { id: 'a' } })).status).toBe(200);
    expect((await call('/v/c1/things/a')).status).toBe(500);
    const unknown = await control('/events', 'POST', { event: 'nope' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toMatch(/thing\.break/);
    expect((await control('/events', 'POST', { event: 'thing.break', args: { id: 3 } })).status).toBe(400);
  });
});

/**
 * A raw HTTPS request that sends `sent` bytes of a body (declared as `declared` bytes, or chunked
 * when undefined) and stops writing as soon as an answer comes: what a client learns before it
 * has sent everything.
 */
function sendBody(
  url: string,
  ca: string,
  options: { declared?: number; sent: number },
): Promise<{ status: number; body: string; written: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      authorization: 'Bearer good',
      'content-type': 'application/json',
    };
    if (options.declared !== undefined) headers['content-length'] = String(options.declared);
    const req = httpsRequest(url, { method: 'POST', ca, headers, agent: false });
    let written = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, written }));
      res.on('error', reject);
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!answered && written < options.sent) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}

describe('simulator input limits', () => {
  const control = (path: string, method = 'GET', body?: unknown) =>
    undiciFetch(`${base}/_sim${path}`, {
      method,
      dispatcher,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  it('refuses a clock move past the limits with 400 and a reason, and keeps serving', async () => {
    const before = clock.now();
    for (const body of [
      { advance: '99999999w' },
      { advance: 1e300 },
      { advance: -5 },
      { advance: '367d' },
      { to: '+275760-09-13T00:00:00Z' },
      { to: '2099-01-01T00:00:00Z' },
      { advance: '1d', to: '2026-11-25T00:00:00Z' },
      [1, 2],
      'not json',
    ]) {
      const res = await control('/clock', 'POST', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/\w/);
    }
    expect(clock.now()).toBe(before);
    expect((await control('/health')).status).toBe(200);
    expect((await control('/schedule')).status).toBe(200);
    expect((await call('/v/c1/things/a')).status).toBe(200);
    expect(
      ((await (await control('/clock', 'POST', { advance: '366d' })).json()) as { now: string }).now,
    ).toBe('2027-11-24T04:00:00.000Z');
  });

  it('is never broken by any control body: every answer is 200 or 400 and health stays up', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            advance: fc.oneof(fc.string(), fc.double(), fc.integer(), fc.constant('9'.repeat(400) + 'w')),
          }),
          fc.record({
            to: fc.oneof(
              fc.string(),
              fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            ),
          }),
          fc.jsonValue(),
        ),
        async (body) => {
          const res = await control('/clock', 'POST', JSON.stringify(body) ?? 'null');
          expect([200, 400]).toContain(res.status);
          const health = await control('/health');
          expect(health.status).toBe(200);
          expect(((await health.json()) as { now: string }).now).toMatch(/^\d{4}-/);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a bad request-log cursor with 400', async () => {
    expect((await control('/requests?since=abc')).status).toBe(400);
    expect((await control('/requests?since=-1')).status).toBe(400);
  });

  it('answers a declared 100 MB body with the vendor 413 before reading it', async () => {
    const answer = await sendBody(`${base}/v/c1/things`, tls.caPem, {
      declared: 100 * 1024 * 1024,
      sent: 100 * 1024 * 1024,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ message: 'Too large for the vendor', limit: 5 * 1024 * 1024 });
    expect(answer.written).toBeLessThan(10 * 1024 * 1024);
    expect(log.entries().map((e) => [e.method, e.path, e.status])).toEqual([['POST', '/v/c1/things', 413]]);
    expect((await call('/v/c1/things/a')).status).toBe(200);
  });

  it('answers a chunked body that grows past the limit with 413, having read little more than the limit', async () => {
    const answer = await sendBody(`${base}/v/c1/things`, tls.caPem, { sent: 100 * 1024 * 1024 });
    expect(answer.status).toBe(413);
    expect(answer.written).toBeLessThan(20 * 1024 * 1024);
    const control413 = await sendBody(`${base}/_sim/faults`, tls.caPem, {
      declared: 100 * 1024 * 1024,
      sent: 1,
    });
    expect(control413.status).toBe(413);
    expect(JSON.parse(control413.body)).toEqual({ error: expect.stringMatching(/limit/) });
    expect((await control('/health')).status).toBe(200);
  });

  it('says in one line, without calling it an internal error, that a client left before sending its body', async () => {
    await new Promise<void>((resolve) => {
      // A query string may carry a credential: the warning names the path only.
      const req = httpsRequest(`${base}/v/c1/things?sig=s3cret`, {
        method: 'POST',
        ca: tls.caPem,
        headers: { 'content-type': 'application/json', 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write('{"partial":', () => setTimeout(() => req.destroy(), 50));
    });
    await expect.poll(() => warnings.length).toBeGreaterThan(0);
    expect(warnings).toEqual(['simulator: the client closed POST /v/c1/things before it was answered']);
    expect((await call('/v/c1/things/a')).status).toBe(200);
  });
});
