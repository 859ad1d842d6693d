/**
 * The ceiling for bench/sim-throughput.ts: Node's HTTPS server with the simulator's kind of
 * certificate, answering each request with a pre-serialised body of the size the simulator's
 * answer to that route has: one issue for GET/PATCH of an issue and for a new comment, two issues
 * for the list by label, a 30-issue page for a page of 30. Whatever the simulator does beyond
 * this (routing, auth, state, validation, ETags) is its own cost.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { githubIssuePage } from '../../src/sim/spec/sample-bodies.ts';
import { generateTls } from '../../src/sim/tls.ts';

const tls = await generateTls();
const one = JSON.stringify(githubIssuePage(1)[0]);
const two = JSON.stringify(githubIssuePage(2));
const thirty = JSON.stringify(githubIssuePage(30));

/** The body of the size the simulator answers `method url` with (see the routes of the bench). */
function payloadFor(method: string, url: string): string {
  if (method !== 'GET' || !url.includes('/issues?')) return one;
  return url.includes('per_page=30') ? thirty : two;
}

const server = createServer({ key: tls.keyPem, cert: tls.certPem, keepAliveTimeout: 30_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    const payload = payloadFor(req.method ?? 'GET', req.url ?? '/');
    res.writeHead(req.method === 'POST' ? 201 : 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
    });
    res.end(payload);
  });
});
server.listen(0, '127.0.0.1', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pnd-bench-'));
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, tls.caPem);
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `https://127.0.0.1:${port}`, caFile, pid: process.pid })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
