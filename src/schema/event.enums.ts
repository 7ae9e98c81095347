/** Enums of EPCIS events; internal values are what the mirror stores. */
import { registerEnumType } from 'type-graphql';
import type { EventIdentifiersTable } from '../db/database.js';

/** The five EPCIS 2.0 event types (names as EPCIS spells them). */
export const EventType = {
  ObjectEvent: 'ObjectEvent',
  AggregationEvent: 'AggregationEvent',
  TransformationEvent: 'TransformationEvent',
  TransactionEvent: 'TransactionEvent',
  AssociationEvent: 'AssociationEvent',
} as const;

/** One EventType value. */
export type EventTypeValue = (typeof EventType)[keyof typeof EventType];

registerEnumType(EventType, { name: 'EventType', description: 'EPCIS 2.0 event type.' });

/** How an event names an identifier; internal values are event_identifiers.role. */
export const IdentifierRole = {
  EPC: 'epc',
  PARENT: 'parent',
  CHILD: 'child',
  INPUT: 'input',
  OUTPUT: 'output',
  CONTAINED: 'contained',
} as const satisfies Record<string, EventIdentifiersTable['role']>;

registerEnumType(IdentifierRole, {
  name: 'IdentifierRole',
  description: 'Where an event names an identifier.',
  valuesConfig: {
    EPC: { description: 'epcList or quantityList.' },
    PARENT: { description: 'parentID.' },
    CHILD: { description: 'childEPCs or childQuantityList.' },
    INPUT: { description: 'inputEPCList or inputQuantityList.' },
    OUTPUT: { description: 'outputEPCList or outputQuantityList.' },
    CONTAINED: {
      description:
        'Not named by the event: an instance inside a named container whose state the event changed.',
    },
  },
});

/** Order of an event list. */
export const EventOrder = {
  EVENT_TIME_ASC: 'EVENT_TIME_ASC',
  EVENT_TIME_DESC: 'EVENT_TIME_DESC',
} as const;

/** One EventOrder value. */
export type EventOrderValue = (typeof EventOrder)[keyof typeof EventOrder];

registerEnumType(EventOrder, {
  name: 'EventOrder',
  description: 'Event order; ties on eventTime are broken by eventId, so pages are stable.',
});
