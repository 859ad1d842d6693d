import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { der } from './der.ts';
import { generateTls } from './tls.ts';

describe('generateTls', () => {
  it('makes a CA and a server certificate for 127.0.0.1 and localhost that it signed', async () => {
    const now = Date.parse('2026-11-23T05:00:00Z');
    const tls = await generateTls(now);
    const ca = new X509Certificate(tls.caPem);
    const leaf = new X509Certificate(tls.certPem);

    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=pnd estate simulator CA');
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth
    expect(leaf.checkPrivateKey(createPrivateKey(tls.keyPem))).toBe(true);
    expect(Date.parse(leaf.validFrom)).toBe(now - 60 * 60 * 1000);
    expect(Date.parse(leaf.validTo)).toBe(now + 30 * 24 * 60 * 60 * 1000);
    expect(leaf.serialNumber).not.toBe(ca.serialNumber);
  });

  it('serves TLS that a client trusting only the CA accepts, by IP and by name', async () => {
    const tls = await generateTls();
    const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const get = (servername: string | undefined) =>
      new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, ca: tls.caPem, servername, path: '/' }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      await expect(get(undefined)).resolves.toBe('ok');
      await expect(get('localhost')).resolves.toBe('ok');
      await expect(get('example.com')).rejects.toThrow(/altnames/i);
    } finally {
      server.close();
    }
  });
});

describe('der', () => {
  it('encodes the types a certificate needs as X.690 DER', () => {
    expect(der.integer(0).toString('hex')).toBe('020100');
    expect(der.integer(2).toString('hex')).toBe('020102');
    expect(der.integer(128).toString('hex')).toBe('02020080');
    expect(der.integerFromBytes(Buffer.from([0, 0, 0x7f])).toString('hex')).toBe('02017f');
    expect(der.oid('1.2.840.10045.4.3.2').toString('hex')).toBe('06082a8648ce3d040302');
    expect(der.boolean(true).toString('hex')).toBe('0101ff');
    expect(der.time(new Date('2049-12-31T23:59:59Z')).toString('ascii', 2)).toBe('491231235959Z');
    expect(der.time(new Date('2050-01-01T00:00:00Z')).toString('hex').slice(0, 4)).toBe('180f');
    const long = der.octetString(Buffer.alloc(300));
    expect(long.subarray(0, 4).toString('hex')).toBe('0482012c');
  });
});
