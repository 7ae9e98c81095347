/**
 * Prometheus metrics of the indexer, on their own registry so the server can expose them at
 * /metrics next to its own (merge with Registry.merge, or serve this one).
 */
import { Counter, Gauge, Registry } from 'prom-client';

/** The registry holding every indexer metric. */
export const metricsRegistry = new Registry();

const labelNames = ['channel'] as const;

/** The indexer's metrics, labelled by channel. */
export const indexerMetrics = {
  lagBlocks: new Gauge({
    name: 'provenance_indexer_lag_blocks',
    help: 'Blocks on the chain not yet in the mirror',
    labelNames,
    registers: [metricsRegistry],
  }),
  lagSeconds: new Gauge({
    name: 'provenance_indexer_lag_seconds',
    help: 'Age of the last indexed block while behind the chain (0 when caught up)',
    labelNames,
    registers: [metricsRegistry],
  }),
  blocksPerSecond: new Gauge({
    name: 'provenance_indexer_blocks_per_second',
    help: 'Blocks indexed per second over the last few seconds',
    labelNames,
    registers: [metricsRegistry],
  }),
  indexedHeight: new Gauge({
    name: 'provenance_indexer_indexed_height',
    help: 'Blocks in the mirror (the checkpoint: next block to read)',
    labelNames,
    registers: [metricsRegistry],
  }),
  chainHeight: new Gauge({
    name: 'provenance_indexer_chain_height',
    help: 'Blocks on the chain as last seen',
    labelNames,
    registers: [metricsRegistry],
  }),
  leader: new Gauge({
    name: 'provenance_indexer_leader',
    help: '1 while this process holds the writer lock',
    labelNames,
    registers: [metricsRegistry],
  }),
  blocksIndexed: new Counter({
    name: 'provenance_indexer_blocks_total',
    help: 'Blocks written to the mirror',
    labelNames,
    registers: [metricsRegistry],
  }),
  eventsProjected: new Counter({
    name: 'provenance_indexer_events_total',
    help: 'EPCIS event records projected into the mirror',
    labelNames,
    registers: [metricsRegistry],
  }),
  errors: new Counter({
    name: 'provenance_indexer_errors_total',
    help: 'Indexer errors by kind (retryable, fatal)',
    labelNames: ['channel', 'kind'],
    registers: [metricsRegistry],
  }),
};
