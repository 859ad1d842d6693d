import { hash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { MAX_BODY_BYTES } from './limits.ts';
import type { LoggedRequest, RequestLog } from './request-log.ts';
import type { FaultTable } from './faults.ts';
import type { Mount } from './mount.ts';
import type { OperationMatch, SpecValidator } from './spec/index.ts';
import type { SimRequest, SimResponse } from './types.ts';
import type { SimTls } from './tls.ts';

export interface ServerDeps {
  tls: SimTls;
  mounts: Mount[];
  log: RequestLog;
  faults: FaultTable;
  /** Undefined only in the throughput benchmark's baseline run; tests and `pnd sim` always validate. */
  validator: SpecValidator | undefined;
  /** False while validation is paused (the benchmarks' timed runs, after a validated warm-up). */
  validating?: () => boolean;
  /** Virtual time, for the log. */
  now: () => number;
  /** Handles `/_sim/...` (the control API). */
  control: (
    req: IncomingMessage,
    path: string,
    query: URLSearchParams,
    body: unknown,
  ) => Promise<SimResponse>;
  /** Where loud messages go (unknown routes, spec drift). */
  warn: (message: string) => void;
  /** See `Simulator.intercept`. */
  intercept?: () => Interceptor | undefined;
}

/**
 * A test's hook into the pipeline, to stop a client at a precise point: `before` runs when a
 * request arrives, `after` once it has been handled (its effect applied) and just before the
 * answer is sent. Returning a promise delays that request until it settles; one that never
 * settles is a client that never hears back — a crash right after the call.
 */
export interface Interceptor {
  before?: (entry: LoggedRequest) => Promise<void> | undefined;
  after?: (entry: LoggedRequest) => Promise<void> | undefined;
}

export const CONTROL_PREFIX = '/_sim';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface PreparedMount {
  mount: Mount;
  segments: string[];
}

/**
 * The HTTPS front of the simulator: prefix -> vendor mount -> faults -> auth -> route -> spec
 * validation of request and response -> vendor headers -> log. Every error it produces itself is
 * in the owning vendor's shape, so a client cannot tell a fault from the real thing.
 */
export class SimServer {
  readonly #deps: ServerDeps;
  readonly #mounts: PreparedMount[];
  readonly #server: Server;
  readonly #sockets = new Set<Duplex>();

  constructor(deps: ServerDeps) {
    this.#deps = deps;
    // Longest prefix first, so `/gh/graphql` wins over `/gh`.
    this.#mounts = deps.mounts
      .map((mount) => ({ mount, segments: mount.prefix.split('/').filter(Boolean) }))
      .sort((a, b) => b.segments.length - a.segments.length);
    this.#server = createServer(
      { key: deps.tls.keyPem, cert: deps.tls.certPem, keepAliveTimeout: 30_000 },
      (req, res) => {
        this.#handle(req, res).catch((error: unknown) => {
          // A client that went away mid-request (its timeout, a killed process) is not the
          // simulator's failure: one line, no stack.
          if (req.destroyed && (error as { code?: string } | undefined)?.code === 'ECONNRESET') {
            // The path only: a query string may carry a credential (a SAS token, a code).
            deps.warn(
              `simulator: the client closed ${req.method} ${(req.url ?? '').split('?')[0]} before it was answered`,
            );
            return;
          }
          deps.warn(
            `simulator: internal error on ${req.method} ${req.url}: ${String(error instanceof Error ? error.stack : error)}`,
          );
          if (!res.headersSent) {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ message: 'Simulator internal error' }));
          }
        });
      },
    );
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => resolve());
    });
    const address = this.#server.address() as AddressInfo;
    return `https://${host}:${address.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `https://${req.headers.host ?? '127.0.0.1'}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const control = url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`);
    const rawBody = await readBody(req);
    if (rawBody === TOO_LARGE) return this.#tooLarge(req, res, url, method, control);
    const body = parseJson(rawBody, req.headers['content-type']);

    if (control) {
      const response = await this.#deps.control(
        req,
        url.pathname.slice(CONTROL_PREFIX.length) || '/',
        url.searchParams,
        body,
      );
      return send(res, response);
    }

    const found = this.#findMount(url.pathname);
    const held = this.#deps.intercept?.()?.before?.({
      seq: 0,
      at: '',
      vendor: found?.mount.vendor ?? 'none',
      method,
      path: url.pathname,
      query: url.search,
      status: 0,
      body,
    });
    if (held) await held;
    const seq = this.#deps.log.nextSeq();
    const entry: LoggedRequest = {
      seq,
      at: new Date(this.#deps.now()).toISOString(),
      vendor: found?.mount.vendor ?? 'none',
      method,
      path: url.pathname,
      query: url.search,
      status: 0,
    };
    if (MUTATING.has(method) && body !== undefined && !found?.mount.secretBodies) entry.body = body;

    if (!found) {
      entry.status = 404;
      entry.unknownRoute = true;
      this.#loud(entry, 'unknown-route', `no vendor API is mounted at ${url.pathname}`);
      this.#deps.log.record(entry);
      return send(res, { status: 404, body: { message: 'Not Found' } });
    }

    const { mount, path, prefixParams, base } = found;
    const route = mount.router.match(method, path);
    const partial: Omit<SimRequest, 'principal'> = {
      method,
      vendor: mount.vendor,
      url,
      path,
      template: route?.template ?? path,
      params: { ...prefixParams, ...(route?.params ?? {}) },
      query: url.searchParams,
      headers: req.headers,
      body,
      rawBody,
      base,
    };
    entry.template = route?.template;

    // One mount can serve several described APIs (ARM: container apps and web apps), so a fault
    // rule's `vendor` is matched against the API the operation belongs to.
    const operation = this.#matchOperation(mount, method, path);
    const fault = this.#deps.faults.take({
      vendor: operation?.vendor ?? mount.vendor,
      method,
      path,
      template: route?.template,
    });
    if (fault) {
      entry.fault = fault.kind;
      if (fault.kind === 'delay') {
        await new Promise((resolve) => setTimeout(resolve, this.#deps.faults.delayFor(fault)));
      } else if (fault.kind === 'reset') {
        entry.status = 0;
        this.#deps.log.record(entry);
        req.socket.destroy();
        return;
      } else if (fault.kind === 'hang') {
        entry.status = 0;
        this.#deps.log.record(entry);
        return; // never answered; the socket is destroyed when the client gives up or at close()
      } else if (fault.kind === 'rate-limit') {
        const status = fault.status === 403 ? 403 : 429;
        return this.#finish(
          res,
          entry,
          mount.profile.rateLimited(partial, status, fault.retryAfterSeconds ?? 1),
        );
      } else {
        return this.#finish(res, entry, mount.profile.serverError(partial, fault.status ?? 500));
      }
    }

    const auth = await mount.profile.authenticate(partial);
    if (!isPrincipal(auth)) return this.#finish(res, entry, auth);
    entry.principal = auth.id;
    const simReq: SimRequest = { ...partial, principal: auth };

    if (!route) {
      entry.unknownRoute = true;
      this.#loud(entry, 'unknown-route', `${mount.vendor}: no route for ${method} ${path}`);
      return this.#finish(res, entry, mount.profile.notFound(partial));
    }

    if (this.#deps.validator && mount.specs.length > 0 && !operation) {
      this.#loud(
        entry,
        'response',
        `${mount.vendor}: ${method} ${route.template} is routed but not in the vendor description`,
      );
    }
    const validator = this.#validator();
    if (operation) entry.operationId = operation.operationId;
    if (operation && validator) {
      const problems = validator.validateRequest(operation, {
        query: url.searchParams,
        headers: req.headers,
        body,
      });
      if (problems.length > 0) {
        const message = problems.map((p) => `${p.where}: ${p.message}`).join('; ');
        this.#loud(
          entry,
          'request',
          `${mount.vendor}: ${method} ${path}: request does not match the vendor description: ${message}`,
        );
        return this.#finish(res, entry, mount.profile.badRequest(partial, message));
      }
    }

    let response: SimResponse & { payload?: string } = await route.handler(simReq);
    for (const problem of response.problems ?? [])
      this.#loud(entry, 'request', `${mount.vendor}: ${method} ${path}: ${problem}`);
    mount.profile.decorate?.(simReq, response);

    if (operation && validator && response.raw === undefined) {
      const problems = validator.validateResponse(operation, {
        status: response.status,
        headers: response.headers ?? {},
        body: response.body,
      });
      if (problems.length > 0) {
        const message = problems.map((p) => `${p.where}: ${p.message}`).join('; ');
        this.#loud(
          entry,
          'response',
          `${mount.vendor}: ${operation.operationId} answered ${response.status} outside the vendor description: ${message}`,
        );
      }
    }

    response = serialise(response);
    if (mount.conditionalGet && method === 'GET' && response.status === 200 && response.raw === undefined) {
      response = conditional(response, req.headers['if-none-match']);
      // A 304 costs no rate limit on GitHub; let the profile restore the counters it charged.
      if (response.status === 304) mount.profile.decorate?.(simReq, response);
    }
    return this.#finish(res, entry, response);
  }

  /**
   * A body over the limit: refused with the owning vendor's 413 without reading the rest, and
   * the connection closed after the answer (the unread rest cannot be told from a next request).
   */
  #tooLarge(req: IncomingMessage, res: ServerResponse, url: URL, method: string, control: boolean): void {
    res.shouldKeepAlive = false;
    if (control) {
      return send(res, {
        status: 413,
        headers: { connection: 'close' },
        body: { error: `The request body is over the simulator's limit of ${MAX_BODY_BYTES} bytes.` },
      });
    }
    const found = this.#findMount(url.pathname);
    const entry: LoggedRequest = {
      seq: this.#deps.log.nextSeq(),
      at: new Date(this.#deps.now()).toISOString(),
      vendor: found?.mount.vendor ?? 'none',
      method,
      path: url.pathname,
      query: url.search,
      status: 413,
    };
    this.#deps.log.record(entry);
    if (!found)
      return send(res, {
        status: 413,
        headers: { connection: 'close' },
        body: { message: 'Payload Too Large' },
      });
    const { mount, path, prefixParams, base } = found;
    const response = mount.profile.tooLarge(
      {
        method,
        vendor: mount.vendor,
        url,
        path,
        template: path,
        params: prefixParams,
        query: url.searchParams,
        headers: req.headers,
        body: undefined,
        rawBody: '',
        base,
      },
      MAX_BODY_BYTES,
    );
    send(res, { ...response, headers: { ...response.headers, connection: 'close' } });
  }

  async #finish(
    res: ServerResponse,
    entry: LoggedRequest,
    response: SimResponse & { payload?: string },
  ): Promise<void> {
    entry.status = response.status;
    this.#deps.log.record(entry);
    const held = this.#deps.intercept?.()?.after?.(entry);
    if (held) await held;
    send(res, response);
  }

  #loud(entry: LoggedRequest, kind: 'request' | 'response' | 'unknown-route', message: string): void {
    (entry.problems ??= []).push(message);
    this.#deps.log.problem({ seq: entry.seq, kind, message });
    const label =
      kind === 'unknown-route' ? 'UNKNOWN ROUTE' : kind === 'request' ? 'INVALID REQUEST' : 'SPEC DRIFT';
    this.#deps.warn(`simulator ${label}: ${message}`);
  }

  /** The validator of requests and answers, unless validation is paused (the operation is still matched). */
  #validator(): SpecValidator | undefined {
    return this.#deps.validating?.() === false ? undefined : this.#deps.validator;
  }

  #matchOperation(mount: Mount, method: string, path: string): OperationMatch | undefined {
    const validator = this.#deps.validator;
    if (!validator) return undefined;
    for (const spec of mount.specs) {
      const match = validator.match(spec, method, path);
      if (match) return match;
    }
    return undefined;
  }

  #findMount(
    pathname: string,
  ): { mount: Mount; path: string; prefixParams: Record<string, string>; base: string } | undefined {
    const parts = pathname.split('/').filter(Boolean);
    outer: for (const { mount, segments } of this.#mounts) {
      if (parts.length < segments.length) continue;
      const params: Record<string, string> = {};
      for (let i = 0; i < segments.length; i++) {
        const seg = segments[i]!;
        if (seg.startsWith('{')) params[seg.slice(1, -1)] = decodeURIComponent(parts[i]!);
        else if (seg !== parts[i]) continue outer;
      }
      const rest = parts.slice(segments.length);
      const prefix = `/${parts.slice(0, segments.length).join('/')}`;
      return {
        mount,
        path: `/${rest.join('/')}`,
        prefixParams: params,
        base: prefix,
      };
    }
    return undefined;
  }
}

function isPrincipal(value: unknown): value is { id: string } {
  return typeof value === 'object' && value !== null && 'id' in value && !('status' in value);
}

/**
 * Serialises a JSON response once; the ETag is computed over the text that is sent (hashed as
 * UTF-8, the bytes on the wire). Kept a string, not a Buffer: a Buffer's bytes live outside the
 * V8 heap until a full garbage collection finds its wrapper dead, and under load (a 30-issue page
 * is ~100 KB) tens of MB of them piled up between collections; the socket encodes a string into
 * memory it frees as soon as the write is done.
 */
function serialise(response: SimResponse): SimResponse & { payload?: string } {
  if (response.raw || response.body === undefined || response.status === 204 || response.status === 304)
    return response;
  return { ...response, payload: JSON.stringify(response.body) };
}

function conditional(
  response: SimResponse & { payload?: string },
  ifNoneMatch: string | undefined,
): SimResponse & { payload?: string } {
  const etag = `W/"${hash('sha1', response.payload ?? 'null')}"`;
  const headers = { ...response.headers, etag };
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag)) {
    return { status: 304, headers };
  }
  return { ...response, headers };
}

function send(res: ServerResponse, response: SimResponse & { payload?: string }): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.raw) {
    headers['content-type'] = response.raw.contentType;
    payload = response.raw.text;
  } else if (response.body !== undefined && response.status !== 204 && response.status !== 304) {
    headers['content-type'] ??= 'application/json; charset=utf-8';
    payload = response.payload ?? JSON.stringify(response.body);
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  if (payload !== undefined && payload.length >= SEPARATE_HEAD_FROM) {
    // Node prepends the head to a string body (`head + body`), and the socket write flattens that
    // into one more copy of the body on the V8 heap (75 KB for a 30-issue page, most of what the
    // request allocated after the JSON itself). Written as two chunks of one corked write, they
    // still leave as a single write to the socket (end() uncorks), without that copy.
    res.socket?.cork();
    res.flushHeaders();
  }
  res.end(payload);
}

/** Below this a body's copy costs less than a second chunk does. */
const SEPARATE_HEAD_FROM = 16 * 1024;

const TOO_LARGE = Symbol('too large');

/**
 * The body as text, or TOO_LARGE as soon as it is known to be over the limit: from its declared
 * length before reading anything, or while reading a body of no declared length (chunked).
 */
function readBody(req: IncomingMessage): Promise<string | typeof TOO_LARGE> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
      resolve(TOO_LARGE);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

function parseJson(raw: string, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const looksJson = /json/i.test(contentType ?? '') || /^\s*[[{]/.test(raw);
  if (!looksJson) return raw;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
