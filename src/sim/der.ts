/**
 * The few ASN.1 DER encodings (ITU-T X.690) the simulator's certificates need (tls.ts). Every
 * function returns one complete TLV; constructed types take their already encoded members.
 */
export const der = {
  sequence: (...members: Buffer[]): Buffer => tlv(0x30, Buffer.concat(members)),
  set: (...members: Buffer[]): Buffer => tlv(0x31, Buffer.concat(members)),
  boolean: (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0x00])),
  /** A non-negative integer that fits a JavaScript number. */
  integer: (value: number): Buffer => {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`DER integer out of range: ${value}`);
    const bytes: number[] = [];
    let rest = value;
    do {
      bytes.unshift(rest % 256);
      rest = Math.floor(rest / 256);
    } while (rest > 0);
    return der.integerFromBytes(Buffer.from(bytes));
  },
  /** A non-negative integer from its big-endian bytes. */
  integerFromBytes: (bytes: Buffer): Buffer => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const minimal = bytes.subarray(start);
    // A set high bit would make it negative: DER puts a zero byte in front.
    return tlv(0x02, minimal[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
  },
  bitString: (bytes: Buffer, unusedBits = 0): Buffer =>
    tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), bytes])),
  octetString: (bytes: Buffer): Buffer => tlv(0x04, bytes),
  utf8String: (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8')),
  oid: (dotted: string): Buffer => {
    const [first, second, ...rest] = dotted.split('.').map(Number);
    const body: number[] = [];
    for (const arc of [first! * 40 + second!, ...rest]) {
      const base128 = [arc & 0x7f];
      for (let v = arc >>> 7; v > 0; v >>>= 7) base128.unshift((v & 0x7f) | 0x80);
      body.push(...base128);
    }
    return tlv(0x06, Buffer.from(body));
  },
  /** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5), to the second, in UTC. */
  time: (date: Date): Buffer => {
    const iso = date.toISOString(); // 2026-11-23T04:00:00.000Z
    const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
    return date.getUTCFullYear() < 2050
      ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii'))
      : tlv(0x18, Buffer.from(digits, 'ascii'));
  },
  /** `[n] EXPLICIT`: a constructed context-specific tag around one encoded value. */
  contextConstructed: (tag: number, inner: Buffer): Buffer => tlv(0xa0 | tag, inner),
  /** `[n] IMPLICIT` of a primitive type: the type's contents under a context-specific tag. */
  contextPrimitive: (tag: number, contents: Buffer): Buffer => tlv(0x80 | tag, contents),
};

function tlv(tag: number, contents: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(contents.length), contents]);
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
