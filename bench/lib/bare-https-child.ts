/**
 * The ceiling for bench/sim-throughput.ts: Node's HTTPS server with the simulator's kind of
 * certificate, answering every request with one pre-serialised 30-issue page. Whatever the
 * simulator does beyond this (routing, auth, state, validation, ETags) is its own cost.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { githubIssuePage } from '../../src/sim/spec/sample-bodies.ts';
import { generateTls } from '../../src/sim/tls.ts';

const tls = await generateTls();
const payload = JSON.stringify(githubIssuePage(30));
const server = createServer({ key: tls.keyPem, cert: tls.certPem, keepAliveTimeout: 30_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, {
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
