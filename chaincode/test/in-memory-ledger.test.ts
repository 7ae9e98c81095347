import './support/quiet-fabric-logs';
import { Context, Contract, Transaction } from 'fabric-contract-api';
import { describe, expect, it } from 'vitest';
import { readRange } from '../src/ledger/ledger-stub';
import { InMemoryLedger } from '../src/testing/in-memory-ledger';
import { InMemoryWorldState } from '../src/testing/in-memory-world-state';
import { MFG } from './support/supply-chain';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const text = (value: Uint8Array): string => Buffer.from(value).toString('utf8');

// A contract that exercises the stub directly, as a peer's stub would be exercised.
class ProbeContract extends Contract {
  constructor() {
    super('probe');
  }

  @Transaction()
  async Put(ctx: Context, key: string, value: string): Promise<string> {
    await ctx.stub.putState(key, bytes(value));
    // Like a peer, the stub does not show a transaction its own writes.
    return text(await ctx.stub.getState(key));
  }

  @Transaction()
  async PutThenFail(ctx: Context, key: string): Promise<string> {
    await ctx.stub.putState(key, bytes('x'));
    throw new Error('boom');
  }

  @Transaction()
  async Scan(ctx: Context, start: string, end: string): Promise<string> {
    const rows = await readRange(ctx.stub, start, end);
    return JSON.stringify(rows.map((row) => row.key));
  }

  @Transaction()
  async Composite(ctx: Context): Promise<string> {
    const stub = ctx.stub;
    await stub.putState(stub.createCompositeKey('owner', ['alice', '1']), bytes('a1'));
    await stub.putState(stub.createCompositeKey('owner', ['bob', '1']), bytes('b1'));
    return stub.createCompositeKey('owner', ['alice', '1']);
  }

  @Transaction()
  async ByOwner(ctx: Context, owner: string): Promise<string> {
    const keys: string[] = [];
    for await (const row of ctx.stub.getStateByPartialCompositeKey('owner', [owner])) {
      keys.push(JSON.stringify(ctx.stub.splitCompositeKey(row.key)));
    }
    return keys.join(';');
  }

  @Transaction(false)
  async Whoami(ctx: Context): Promise<string> {
    return Promise.resolve(
      `${ctx.clientIdentity.getMSPID()} ${ctx.clientIdentity.getID()} ${ctx.stub.getTxID()} ${ctx.stub.getDateTimestamp().toISOString()}`,
    );
  }

  helper(): string {
    return 'not a transaction';
  }
}

describe('the in-memory ledger stub', () => {
  const probe = (): InMemoryLedger => new InMemoryLedger({ contract: new ProbeContract() });

  it('applies writes on success and hides them from the writing transaction', async () => {
    const ledger = probe();
    const { result, payload } = await ledger.invoke('Put', ['k', 'v'], MFG);
    expect(result).toBe('');
    expect(payload).toBeUndefined();
    expect(text(ledger.world.get('k') ?? bytes('missing'))).toBe('v');
  });

  it('keeps values byte for byte, also bytes that are not UTF-8', () => {
    const world = new InMemoryWorldState();
    const raw = new Uint8Array([0, 0xff, 0xc3, 0x28, 0x80, 65]);
    world.apply(new Map([['k|1', raw]]));
    expect([...(world.get('k|1') ?? [])]).toEqual([...raw]);
  });

  it('drops the values of write-only families and refuses to read them back', () => {
    const world = new InMemoryWorldState(['history|']);
    world.apply(
      new Map([
        ['history|identifier|x|0000000000', bytes('{}')],
        ['identifier|x', bytes('{"a":1}')],
      ]),
    );
    expect(world.size).toBe(1);
    expect(text(world.get('identifier|x') ?? bytes(''))).toBe('{"a":1}');
    expect(() => world.get('history|identifier|x|0000000000')).toThrow(/write-only/);
    expect(() => world.range('history|', 'history}')).toThrow(/write-only/);
  });

  it('applies nothing when the transaction throws', async () => {
    const ledger = probe();
    await expect(ledger.invoke('PutThenFail', ['k'], MFG)).rejects.toThrow('boom');
    expect(ledger.world.size).toBe(0);
  });

  it('does not commit evaluations', async () => {
    const ledger = probe();
    await ledger.evaluate('Put', ['k', 'v'], MFG);
    expect(ledger.world.size).toBe(0);
  });

  it('scans key ranges in order across key families', async () => {
    const ledger = probe();
    for (const key of ['b|2', 'a|1', 'b|1', 'b|10', 'c|1', 'plain'])
      await ledger.invoke('Put', [key, key], MFG);
    expect(JSON.parse((await ledger.invoke('Scan', ['b|', 'b}'], MFG)).result)).toEqual([
      'b|1',
      'b|10',
      'b|2',
    ]);
    expect(JSON.parse((await ledger.invoke('Scan', ['a|', 'c|2'], MFG)).result)).toEqual([
      'a|1',
      'b|1',
      'b|10',
      'b|2',
      'c|1',
    ]);
    expect(JSON.parse((await ledger.invoke('Scan', ['', ''], MFG)).result)).toHaveLength(6);
  });

  it('supports composite keys and partial-key queries', async () => {
    const ledger = probe();
    const { result } = await ledger.invoke('Composite', [], MFG);
    expect(result).toBe('\u0000owner\u0000alice\u00001\u0000');
    expect((await ledger.invoke('ByOwner', ['alice'], MFG)).result).toBe(
      '{"objectType":"owner","attributes":["alice","1"]}',
    );
  });

  it('gives each transaction an id, a clock tick and the caller identity', async () => {
    const ledger = probe();
    const first = await ledger.evaluate('Whoami', [], { mspId: 'DistributorMSP', admin: true });
    expect(first).toMatch(
      /^DistributorMSP x509::\/C=US\/ST=North Carolina\/O=Distributor\/OU=admin\/CN=Admin@distributor::.* [0-9a-f]{64} 2027-01-01T00:00:01\.000Z$/,
    );
    const second = await ledger.evaluate('Whoami', [], {
      mspId: 'DistributorMSP',
      txId: 'tx-2',
      timestamp: '2025-06-01T12:00:00Z',
    });
    expect(second).toMatch(/OU=client.* tx-2 2025-06-01T12:00:00\.000Z$/);
  });

  it('refuses a reused transaction id, like a peer', async () => {
    const ledger = probe();
    await ledger.invoke('Put', ['a', '1'], { ...MFG, txId: 'same' });
    await expect(ledger.invoke('Put', ['b', '1'], { ...MFG, txId: 'same' })).rejects.toThrow(
      'duplicate transaction id',
    );
    expect(ledger.world.get('b')).toBeUndefined();
  });

  it('only runs @Transaction methods', async () => {
    await expect(probe().invoke('helper', [], MFG)).rejects.toThrow(
      'probe has no transaction helper',
    );
  });
});
