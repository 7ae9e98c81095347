import './support/quiet-fabric-logs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InMemoryLedger } from '../src/testing/in-memory-ledger';
import { MFG, doc, event, expectCode, stateSize } from './support/supply-chain';

const FIXTURES = join(__dirname, '../../test/fixtures/epcis');
const read = (dir: string, file: string): string => readFileSync(join(FIXTURES, dir, file), 'utf8');
const files = (dir: string): string[] =>
  readdirSync(join(FIXTURES, dir))
    .filter((file) => file.endsWith('.json'))
    .sort();

// Each invalid document, with the problems the error must name (event numbers are 1-based).
const INVALID: Record<string, string[]> = {
  'Combination_of_events_with_missing_mandatory_fields.json': [
    'event 1: field "action"',
    'event 2: field "eventTimeZoneOffset"',
    'event 2: field "action"',
  ],
  'Combination_of_multiple_invalid_fields.json': [
    'event 1: field "bizStep"',
    'event 2: field "disposition"',
    'event 3: field "sourceList[0].type"',
    'event 4: field "ilmd.materialType"',
    'event 5: field "eventTime"',
    'event 5: field "action"',
  ],
  'Combination_of_non_standard_bizStep_and_disposition.json': [
    'event 1: field "bizStep"',
    'event 2: field "disposition"',
  ],
  'EPCISDocument_without_context.json': ['document: field "@context"'],
  'ObjectEvent_with_ilmd_field_without_namespace.json': ['event 1: field "ilmd.materialType"'],
  'ObjectEvent_with_invalid_action.json': [
    'event 1: field "action" must be ADD, OBSERVE or DELETE',
  ],
  'ObjectEvent_with_invalid_certificationInfo.json': [
    'event 1: field "certificationInfo[1].gs1:CertificationDetails.gs1:certificationAuditDate"',
  ],
  'ObjectEvent_with_invalid_eventTime_format.json': ['event 1: field "eventTime"'],
  'ObjectEvent_with_non_standard_bizStep.json': ['event 1: field "bizStep"', '"transforming"'],
  'ObjectEvent_with_non_standard_bizStep_in_second_event.json': ['event 2: field "bizStep"'],
  'ObjectEvent_with_non_standard_disposition.json': [
    'event 1: field "disposition"',
    '"in_transport"',
  ],
  'ObjectEvent_with_quantity_as_text.json': [
    'event 1: field "quantityList[0].quantity" must be a non-negative number',
  ],
  'ObjectEvent_with_unknown_field_in_quantityList.json': [
    'event 1: field "quantityList[0].weight"',
  ],
  'ObjectEvent_without_action_and_eventTime.json': [
    'event 1: field "eventTime"',
    'event 1: field "action"',
  ],
  'ObjectEvent_without_identifier_list.json': ['event 1: field "epcList"'],
};

describe('EPCIS 2.0 capture fixtures, contract over the in-memory stub', () => {
  it('has the 38 valid and 15 invalid documents this suite expects', () => {
    expect(files('valid')).toHaveLength(38);
    expect(files('invalid')).toEqual(Object.keys(INVALID).sort());
  });

  it.each(files('valid'))(
    'accepts valid/%s, stores every event and replays it as a no-op',
    async (file) => {
      const ledger = new InMemoryLedger();
      const document = read('valid', file);
      const raw = (JSON.parse(document) as { epcisBody: { eventList: { eventID?: string }[] } })
        .epcisBody.eventList;
      const first = await ledger.invoke('CaptureEvents', [document], MFG);
      const { events } = JSON.parse(first.result) as {
        events: { eventId: string; outcome: string }[];
      };
      expect(events).toHaveLength(raw.length);
      events.forEach((result, i) => {
        expect(['captured', 'retracted']).toContain(result.outcome);
        // Given eventIDs are kept verbatim; missing ones are generated.
        expect(result.eventId).toBe(raw[i]?.eventID ?? result.eventId);
        expect(result.eventId).toMatch(
          raw[i]?.eventID === undefined ? /^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/ : /./,
        );
      });
      expect(first.payload?.records.filter((record) => record.kind === 'event')).toHaveLength(
        new Set(events.map((e) => e.eventId)).size,
      );
      for (const { eventId } of events) {
        const stored = JSON.parse(await ledger.evaluate('GetEvent', [eventId], MFG)) as {
          eventId: string;
        };
        expect(stored.eventId).toBe(eventId);
      }
      const size = stateSize(ledger);
      const again = await ledger.invoke('CaptureEvents', [document], MFG);
      expect(
        (JSON.parse(again.result) as { events: { outcome: string }[] }).events.every(
          (e) => e.outcome === 'unchanged',
        ),
      ).toBe(true);
      expect(again.payload).toBeUndefined();
      expect(stateSize(ledger)).toBe(size);
    },
  );

  it.each(Object.entries(INVALID))(
    'rejects invalid/%s naming the fields, and writes nothing',
    async (file, fields) => {
      const ledger = new InMemoryLedger();
      await expectCode(
        ledger.invoke('CaptureEvents', [read('invalid', file)], MFG),
        'EPCIS_INVALID',
        ...fields,
      );
      expect(stateSize(ledger)).toBe(0);
    },
  );
});

describe('accepted deviations from the EPCIS JSON schema', () => {
  it('SensorData_with_combined_events: keeps an alert-only sensor report (no type) as an exception reading', async () => {
    const ledger = new InMemoryLedger();
    const { result } = await ledger.invoke(
      'CaptureEvents',
      [read('valid', 'SensorData_with_combined_events.json')],
      MFG,
    );
    const records = (
      JSON.parse(result) as {
        events: { record: { sensorReadings: { type: string; exception?: string }[] } }[];
      }
    ).events;
    const alerts = records
      .flatMap(({ record }) => record.sensorReadings)
      .filter((reading) => reading.exception !== undefined);
    expect(alerts.map((reading) => [reading.type, reading.exception])).toEqual([
      ['exception', 'ERROR_CONDITION'],
      ['exception', 'ALARM_CONDITION'],
    ]);
  });

  it('still requires a type or an exception on every sensor report', async () => {
    const ledger = new InMemoryLedger();
    const report = event('ObjectEvent', {
      action: 'OBSERVE',
      epcList: ['urn:epc:id:sgtin:0614141.012345.1'],
      sensorElementList: [{ sensorReport: [{ value: 4.2, uom: 'CEL' }] }],
    });
    await expectCode(
      ledger.invoke('CaptureEvents', [doc(report)], MFG),
      'EPCIS_INVALID',
      'field "sensorElementList[0].sensorReport[0].type" is required',
    );
  });

  it('TransactionEvent_with_userExtensions: keeps a non-GS1 bare measurement type such as EffectiveDoseRate', async () => {
    const ledger = new InMemoryLedger();
    const { result } = await ledger.invoke(
      'CaptureEvents',
      [read('valid', 'TransactionEvent_with_userExtensions.json')],
      MFG,
    );
    const record = (
      JSON.parse(result) as {
        events: {
          record: { sensorReadings: { type: string }[]; document: Record<string, unknown> };
        }[];
      }
    ).events[0]?.record;
    expect(record?.sensorReadings.map((reading) => reading.type)).toEqual(['EffectiveDoseRate']);
    // Nested members of a namespaced extension are the extension's business and are kept.
    expect(record?.document['example:extension']).toEqual({
      moreExtensions: { futureExtension: { tag1: '1', tag2: '2', tag3: '3' } },
    });
  });

  it('rejects measurement types that are neither GS1 terms, URIs nor UpperCamelCase words', async () => {
    const ledger = new InMemoryLedger();
    const report = event('ObjectEvent', {
      action: 'OBSERVE',
      epcList: ['urn:epc:id:sgtin:0614141.012345.1'],
      sensorElementList: [{ sensorReport: [{ type: 'dose rate', value: 1 }] }],
    });
    await expectCode(
      ledger.invoke('CaptureEvents', [doc(report)], MFG),
      'EPCIS_INVALID',
      'sensorReport[0].type',
    );
  });

  it('AggregationEvent_with_persistentDisposition: accepts persistentDisposition on an AggregationEvent', async () => {
    const ledger = new InMemoryLedger();
    const { result } = await ledger.invoke(
      'CaptureEvents',
      [read('valid', 'AggregationEvent_with_persistentDisposition.json')],
      MFG,
    );
    const unpack = (JSON.parse(result) as { events: { record: Record<string, unknown> }[] })
      .events[1]?.record;
    expect(unpack).toMatchObject({
      type: 'AggregationEvent',
      persistentDisposition: { set: ['completeness_verified'], unset: ['completeness_inferred'] },
    });
  });

  it('validates persistentDisposition values against the CBV', async () => {
    const ledger = new InMemoryLedger();
    const pack = event('AggregationEvent', {
      action: 'ADD',
      parentID: 'urn:epc:id:sscc:0614141.1000000001',
      childEPCs: ['urn:epc:id:sgtin:0614141.012345.1'],
      persistentDisposition: { set: ['half_full'] },
    });
    await expectCode(
      ledger.invoke('CaptureEvents', [doc(pack)], MFG),
      'EPCIS_INVALID',
      'persistentDisposition.set[0]',
    );
  });
});
