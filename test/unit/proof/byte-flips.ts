/**
 * Single-byte mutations of a bundle's encoded fields: decode, flip one byte, re-encode, so the
 * result is still a well-formed bundle whose content differs in exactly one byte.
 */

/** Up to `count` positions spread evenly over [0, length), always including both ends. */
export function samplePositions(length: number, count = 16): number[] {
  if (length <= count) return Array.from({ length }, (_, i) => i);
  const step = (length - 1) / (count - 1);
  return [...new Set(Array.from({ length: count }, (_, i) => Math.round(i * step)))];
}

function flip(bytes: Buffer, position: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[position] = (copy[position] ?? 0) ^ 0x01;
  return copy;
}

/** Flips one byte of a base64 field. */
export const flipBase64 = (value: string, position: number): string =>
  flip(Buffer.from(value, 'base64'), position).toString('base64');

/** Flips one byte of a hex field. */
export const flipHex = (value: string, position: number): string =>
  flip(Buffer.from(value, 'hex'), position).toString('hex');

/** Byte length of a base64 or hex field. */
export const base64Length = (value: string): number => Buffer.from(value, 'base64').length;
/** Byte length of a hex field. */
export const hexLength = (value: string): number => value.length / 2;

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** DER length of a PEM certificate. */
export const pemLength = (pem: string): number => pemBody(pem).length;

/** Flips one byte of the DER inside a PEM certificate and re-wraps it. */
export function flipPem(pem: string, position: number): string {
  const body =
    flip(pemBody(pem), position)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${body.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Every leaf of a JSON value with a setter that changes it. */
export function jsonLeaves(
  root: unknown,
): Array<{ path: string; mutate: (copy: unknown) => void }> {
  const leaves: Array<{ path: string; mutate: (copy: unknown) => void }> = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value))
        walk(child, [...path, Array.isArray(value) ? Number(key) : key]);
      return;
    }
    leaves.push({
      path: path.join('.'),
      mutate: (copy) => {
        let node = copy as Record<string | number, unknown>;
        for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
        const last = path[path.length - 1] ?? '';
        const old = node[last];
        node[last] =
          typeof old === 'string'
            ? `${old}x`
            : typeof old === 'number'
              ? old + 1
              : typeof old === 'boolean'
                ? !old
                : 'changed';
      },
    });
  };
  walk(root, []);
  return leaves;
}
