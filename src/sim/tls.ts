import { createHash, generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { der } from './der.ts';

/**
 * A certificate authority made fresh at every simulator start, and a server certificate it signs
 * for 127.0.0.1 and localhost. Clients trust the CA through the standard mechanisms
 * (NODE_EXTRA_CA_CERTS, an explicit `ca`, a kubeconfig's certificate-authority-data), so nothing
 * in pnd ever turns TLS verification off. The two certificates are written as DER here (der.ts)
 * and signed with node:crypto: no native add-on, no openssl binary, and no X.509 library kept in
 * the simulator's heap for the whole run for two certificates made once (@peculiar/x509 and its
 * ASN.1 stack held ~4.5 MB of it).
 */
export interface SimTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const generateEcKeyPair = promisify(generateKeyPair);

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
} as const;

/** KeyUsage bits (RFC 5280 4.2.1.3), numbered from the most significant bit of the first byte. */
const KEY_USAGE = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

export async function generateTls(now = Date.now()): Promise<SimTls> {
  const notBefore = new Date(now - 60 * 60 * 1000);
  const notAfter = new Date(now + 30 * 24 * 60 * 60 * 1000);
  const ca = await generateEcKeyPair('ec', { namedCurve: 'P-256' });
  const leaf = await generateEcKeyPair('ec', { namedCurve: 'P-256' });
  const caName = name('pnd estate simulator CA');
  const caKeyId = keyIdentifier(ca.publicKey);

  const caCert = certificate(
    {
      issuer: caName,
      subject: caName,
      notBefore,
      notAfter,
      publicKey: ca.publicKey,
      extensions: [
        extension(OID.basicConstraints, true, der.sequence(der.boolean(true), der.integer(0))),
        extension(OID.keyUsage, true, keyUsage(KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign)),
        extension(OID.subjectKeyIdentifier, false, der.octetString(caKeyId)),
      ],
    },
    ca.privateKey,
  );
  const leafCert = certificate(
    {
      issuer: caName,
      subject: name('127.0.0.1'),
      notBefore,
      notAfter,
      publicKey: leaf.publicKey,
      extensions: [
        extension(OID.basicConstraints, true, der.sequence()),
        extension(OID.keyUsage, true, keyUsage(KEY_USAGE.digitalSignature, KEY_USAGE.keyEncipherment)),
        extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth))),
        extension(
          OID.subjectAltName,
          false,
          der.sequence(
            der.contextPrimitive(7, Buffer.from([127, 0, 0, 1])), // iPAddress
            der.contextPrimitive(2, Buffer.from('localhost', 'ascii')), // dNSName
          ),
        ),
        extension(OID.authorityKeyIdentifier, false, der.sequence(der.contextPrimitive(0, caKeyId))),
      ],
    },
    ca.privateKey,
  );
  return {
    caPem: pem('CERTIFICATE', caCert),
    certPem: pem('CERTIFICATE', leafCert),
    keyPem: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

interface CertificateFields {
  issuer: Buffer;
  subject: Buffer;
  notBefore: Date;
  notAfter: Date;
  publicKey: KeyObject;
  extensions: Buffer[];
}

/** An X.509 v3 certificate (RFC 5280 4.1), signed ECDSA with SHA-256 by `signingKey`. */
function certificate(fields: CertificateFields, signingKey: KeyObject): Buffer {
  const algorithm = der.sequence(der.oid(OID.ecdsaWithSha256));
  const tbs = der.sequence(
    der.contextConstructed(0, der.integer(2)), // version: v3
    der.integerFromBytes(serialNumber()),
    algorithm,
    fields.issuer,
    der.sequence(der.time(fields.notBefore), der.time(fields.notAfter)),
    fields.subject,
    fields.publicKey.export({ type: 'spki', format: 'der' }),
    der.contextConstructed(3, der.sequence(...fields.extensions)),
  );
  // node:crypto signs EC keys as a DER ECDSA-Sig-Value, the form X.509 carries.
  return der.sequence(tbs, algorithm, der.bitString(sign('sha256', tbs, signingKey)));
}

/** A distinguished name of one common name. */
function name(commonName: string): Buffer {
  return der.sequence(der.set(der.sequence(der.oid(OID.commonName), der.utf8String(commonName))));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.oid(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

/** A KeyUsage BIT STRING: a named bit list, so DER drops its trailing zero bits. */
function keyUsage(...bits: number[]): Buffer {
  const last = Math.max(...bits);
  const bytes = Buffer.alloc((last >> 3) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return der.bitString(bytes, 7 - (last & 7));
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's bits. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  // For an EC key those bits are the uncompressed point: 0x04, x, y.
  const { x, y } = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(x!, 'base64url'), Buffer.from(y!, 'base64url')]);
  return createHash('sha1').update(point).digest();
}

/** 16 random bytes, positive (RFC 5280 allows up to 20 octets). */
function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}

function pem(label: string, body: Buffer): string {
  const base64 = body.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${base64}${base64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}
