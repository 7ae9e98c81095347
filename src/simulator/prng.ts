/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32), so the simulator is
 * reproducible byte for byte: Math.random cannot be seeded, and a generator of our own also keeps
 * the sequence stable across Node versions.
 */

/** A seed as callers give it: any integer or string. */
export type Seed = number | string;

/** 32-bit FNV-1a over the UTF-16 code units of the seed's text, so strings and numbers both work. */
export function hashSeed(seed: Seed): number {
  const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A bijection on 32-bit integers with good avalanche (the "lowbias32" mixer): every step is an
 * xor-shift or a multiplication by an odd constant, both invertible, so distinct inputs never
 * collide. The simulator uses it to turn counters into unique, random-looking serial numbers.
 */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(value: number): string {
  return (
    (HEX[(value >>> 24) & 0xff] ?? '') +
    (HEX[(value >>> 16) & 0xff] ?? '') +
    (HEX[(value >>> 8) & 0xff] ?? '') +
    (HEX[value & 0xff] ?? '')
  );
}

/** xoshiro128**: four 32-bit words of state, period 2^128 − 1, fast with Math.imul. */
export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: Seed) {
    // splitmix32 spreads one 32-bit hash over the four state words (never all zero).
    let x = hashSeed(seed);
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next() | 1;
  }

  /** The next 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  /** An integer in [min, maxInclusive]. */
  intBetween(min: number, maxInclusive: number): number {
    return min + this.int(maxInclusive - min + 1);
  }

  /** A float in [min, max). */
  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('Prng.pick: empty list');
    return item;
  }

  /** A normally distributed value (Box–Muller; one draw is discarded to stay stateless). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An exponentially distributed value with the given mean (waiting times between events). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** A version-4-shaped UUID URN built from 122 random bits. */
  uuidUrn(): string {
    const a = this.nextU32();
    const b = this.nextU32();
    const c = (this.nextU32() & 0x3fffffff) | 0x80000000;
    const d = this.nextU32();
    const bHex = hex32(((b & 0xffff0fff) | 0x00004000) >>> 0);
    const cHex = hex32(c >>> 0);
    return `urn:uuid:${hex32(a)}-${bHex.slice(0, 4)}-${bHex.slice(4)}-${cHex.slice(0, 4)}-${cHex.slice(4)}${hex32(d)}`;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
