import { createHash } from 'node:crypto';

function digest(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

export function hashHex(text: string): string {
  return digest(text).toString('hex');
}

/** A UUID (version 4 layout) that is a pure function of `seed`, so tenant ids and demo data are reproducible. */
export function uuidFromSeed(seed: string): string {
  const bytes = digest(seed).subarray(0, 16);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x40, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Up to eight reproducible numbers in [0, 1), one per 4 bytes of the digest. */
export function unitsFromSeed(seed: string, count: number): number[] {
  const bytes = digest(seed);
  return Array.from({ length: Math.min(count, 8) }, (_, i) => bytes.readUInt32BE(i * 4) / 2 ** 32);
}

/** Three reproducible decimal digits (0–999): the sub-millisecond part of a timestamp. */
export function digitsFromSeed(seed: string): number {
  return digest(seed).readUInt32BE(0) % 1000;
}
