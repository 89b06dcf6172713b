/**
 * Just enough X.509 to mint the sandbox's certificates with node:crypto: the platform
 * certificate `/v3/certificates` serves, and API certificates for merchants the sandbox
 * provisions. DER is written by hand (node:crypto parses certificates but does not make them).
 */
import { createSign, randomBytes, type KeyObject } from 'node:crypto';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const sequence = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const explicit = (n: number, content: Buffer) => tlv(0xa0 + n, content);
const nullValue = () => Buffer.from([0x05, 0x00]);

function integer(bytes: Buffer): Buffer {
  // DER integers are signed: a leading 1 bit needs a 0x00 in front to stay positive.
  return tlv(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const part of rest) {
    const chunk = [part & 0x7f];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString();
  // YYMMDDHHMMSSZ; certificates here end before 2050, where UTCTime stops.
  return tlv(0x17, Buffer.from(`${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`, 'ascii'));
}

const OIDS = { C: '2.5.4.6', ST: '2.5.4.8', L: '2.5.4.7', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3' } as const;
export type DistinguishedName = Partial<Record<keyof typeof OIDS, string>>;

function name(dn: DistinguishedName): Buffer {
  const rdns = (Object.keys(OIDS) as (keyof typeof OIDS)[])
    .filter((key) => dn[key] !== undefined)
    .map((key) => set(sequence(oid(OIDS[key]), key === 'C' ? tlv(0x13, Buffer.from(dn[key]!, 'ascii')) : tlv(0x0c, Buffer.from(dn[key]!, 'utf8')))));
  return sequence(...rdns);
}

const SHA256_WITH_RSA = () => sequence(oid('1.2.840.113549.1.1.11'), nullValue());

/** A positive 20-byte serial, as upper-case hex (40 characters, like WeChat's serials). */
export function randomSerial(): string {
  const bytes = randomBytes(20);
  bytes[0] = 0x10 | (bytes[0]! & 0x6f);
  return bytes.toString('hex').toUpperCase();
}

export interface CertificateSpec {
  subject: DistinguishedName;
  issuer: DistinguishedName;
  /** Upper-case hex, from randomSerial(). */
  serial: string;
  publicKey: KeyObject;
  /** The issuer's key: the certificate is signed with it (SHA256withRSA). */
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
}

/** A v3 certificate (end entity: not a CA; digitalSignature, nonRepudiation, keyEncipherment), as PEM. */
export function mintCertificate(spec: CertificateSpec): string {
  const basicConstraints = sequence(oid('2.5.29.19'), tlv(0x04, sequence()));
  const keyUsage = sequence(oid('2.5.29.15'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x03, Buffer.from([0x05, 0xe0]))));
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(Buffer.from(spec.serial, 'hex')),
    SHA256_WITH_RSA(),
    name(spec.issuer),
    sequence(utcTime(spec.notBefore), utcTime(spec.notAfter)),
    name(spec.subject),
    spec.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(basicConstraints, keyUsage)),
  );
  const signature = createSign('RSA-SHA256').update(tbs).sign(spec.signingKey);
  const der = sequence(tbs, SHA256_WITH_RSA(), tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
