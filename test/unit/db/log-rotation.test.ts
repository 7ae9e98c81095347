import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rotateLog } from '../../../src/db/embedded-cluster.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-rotation-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('rotateLog (the embedded server log, before each start)', () => {
  it('leaves a log under the limit where it is', () => {
    const log = path.join(dir, 'pg.log');
    fs.writeFileSync(log, 'x'.repeat(100));
    rotateLog(log, 100);
    expect(fs.readFileSync(log, 'utf8')).toHaveLength(100);
    expect(fs.existsSync(`${log}.1`)).toBe(false);
  });

  it('moves a log over the limit to .1, replacing the older one', () => {
    const log = path.join(dir, 'pg.log');
    fs.writeFileSync(`${log}.1`, 'older');
    fs.writeFileSync(log, 'y'.repeat(101));
    rotateLog(log, 100);
    expect(fs.existsSync(log)).toBe(false);
    expect(fs.readFileSync(`${log}.1`, 'utf8')).toBe('y'.repeat(101));
  });

  it('does nothing when there is no log yet', () => {
    const log = path.join(dir, 'none.log');
    expect(() => rotateLog(log, 1)).not.toThrow();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
