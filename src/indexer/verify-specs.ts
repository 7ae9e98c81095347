/** How verify compares each table, derived from the write specs. */
import type { CompareSpec } from '../db/mirror-verify.queries.js';
import { CHILD_TABLES, ORDERED_SPECS } from './table-specs.js';

// Columns later blocks update in place: compared by the close checks, not with the opening row.
const CLOSE_COLUMNS: Record<string, readonly string[]> = {
  lineage_edge: [
    'valid_to',
    'valid_to_event_id',
    'closed_tx_id',
    'closed_block_number',
    'closed_tx_index',
  ],
  shipments: [
    'receive_event_id',
    'receive_time',
    'received_by_msp',
    'receive_tx_id',
    'receive_block_number',
    'receive_tx_index',
  ],
};

/** The comparisons verify runs, in report order (a retractable table is compared in two parts). */
export const COMPARE_SPECS: readonly CompareSpec[] = ORDERED_SPECS.flatMap(
  (spec): CompareSpec[] => {
    const later = CLOSE_COLUMNS[spec.table] ?? spec.retractionColumns ?? [];
    const child = CHILD_TABLES.find((c) => c.table === spec.table);
    const base: CompareSpec = {
      name: spec.table,
      table: spec.table,
      columns: spec.columns.filter((c) => !later.includes(c)),
      key: spec.key,
      version: spec.columns.includes('tx_index')
        ? [spec.blockColumn, 'tx_index']
        : [spec.blockColumn],
      policy: spec.write === 'state' ? 'last' : 'first',
      ...(spec.table === 'event_identifiers'
        ? { derived: { column: 'role', value: 'contained' } }
        : {}),
      ...(child === undefined
        ? {}
        : {
            parent: { table: child.parent, column: child.parentColumn, parentKey: child.parentKey },
          }),
    };
    if (spec.write !== 'retractable') return [base];
    return [
      base,
      {
        name: `${spec.table} (retraction)`,
        table: spec.table,
        columns: [...spec.key, ...(spec.retractionColumns ?? [])],
        key: spec.key,
        version: ['retracted_block_number', 'retracted_tx_index'],
        policy: 'first',
        filter: 'retracted',
      },
    ];
  },
);
