/**
 * The foundation's smoke test on the REAL devnet: a client of each org submits a transaction and
 * gets VALID; a peer of another org evaluates the result; the block arrives through
 * getBlockEvents.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { devnetIdentityFiles, gatewayOptions } from '../../src/devnet/identities.js';
import { devnetLayout } from '../../src/devnet/layout.js';
import { devnetTopology } from '../../src/devnet/topology.js';
import { connectOrg, type OrgConnection } from '../../src/ledger/gateway-connection.js';
import { decodeBlock } from '../../src/ledger/block-decoder.js';
import { blockEvents } from '../../src/ledger/block-events.js';

const files = devnetIdentityFiles(
  devnetLayout(inject('devnetDir')),
  devnetTopology(inject('devnetBasePort')),
);
const connections = new Map<string, OrgConnection>();
for (const [msp, f] of files) connections.set(msp, connectOrg(gatewayOptions(f)));
afterAll(() => {
  for (const c of connections.values()) c.close();
});

const td = new TextDecoder();

function observation(eventId: string): string {
  return JSON.stringify({
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-11-24T00:00:00Z',
    epcisBody: {
      eventList: [
        {
          type: 'ObjectEvent',
          eventID: eventId,
          eventTime: '2026-11-24T00:00:00Z',
          eventTimeZoneOffset: '+00:00',
          epcList: [`urn:epc:id:sgtin:0614141.107346.${Math.floor(Math.random() * 1e9)}`],
          action: 'OBSERVE',
          bizStep: 'inspecting',
        },
      ],
    },
  });
}

describe('devnet smoke (real Fabric 3.1.5)', () => {
  for (const msp of files.keys()) {
    it(`${msp} submits a transaction that commits VALID, and another org's peer reads it`, async () => {
      const contract = connections
        .get(msp)!
        .gateway.getNetwork('supplychain')
        .getContract('provenance');
      const eventId = `urn:uuid:${randomUUID()}`;
      const commit = await contract.submitAsync('CaptureEvents', {
        arguments: [observation(eventId)],
      });
      const status = await commit.getStatus();
      expect(status.successful).toBe(true);
      expect(status.code).toBe(0);
      const other = [...connections.keys()].find((m) => m !== msp)!;
      const reader = connections
        .get(other)!
        .gateway.getNetwork('supplychain')
        .getContract('provenance');
      const stored = JSON.parse(td.decode(await reader.evaluateTransaction('GetEvent', eventId)));
      expect(stored.eventId).toBe(eventId);

      const stream = blockEvents(
        connections.get(other)!.gateway.getNetwork('supplychain'),
        status.blockNumber,
      );
      const first = await stream.next();
      await stream.return(undefined);
      const block = decodeBlock(first.value as Uint8Array);
      expect(block.number).toBe(status.blockNumber);
      expect(block.transactions.map((t) => t.txId)).toContain(commit.getTransactionId());
    });
  }
});
