/** The benchmark table: printed, and written to BENCHMARKS.md with the machine and date. */
import fs from 'node:fs';
import type { MachineInfo } from './machine.js';

/** One line of the table. */
export interface ReportRow {
  name: string;
  /** The measured figure, or why it was not measured. */
  value: string;
  target: string;
  /** Side-by-side baseline from the same run, with the ratio, where one exists. */
  baseline: string;
}

/** Renders the rows as a Markdown table. */
export function renderTable(rows: readonly ReportRow[]): string {
  const lines = [
    '| measurement | result | target | baseline (same run) |',
    '| --- | --- | --- | --- |',
  ];
  for (const r of rows) lines.push(`| ${r.name} | ${r.value} | ${r.target} | ${r.baseline} |`);
  return lines.join('\n');
}

/** Writes BENCHMARKS.md: the latest run, followed by the notes kept in bench/NOTES.md. */
export function writeBenchmarksFile(
  file: string,
  machine: MachineInfo,
  dataset: string,
  rows: readonly ReportRow[],
  notesFile: string,
): void {
  const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8') : '';
  const text = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand, edit bench/NOTES.md.',
    '',
    `- date: ${new Date().toISOString()}`,
    `- machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}, Node ${machine.node}`,
    `- dataset: ${dataset}`,
    '',
    renderTable(rows),
    '',
    notes,
  ].join('\n');
  fs.writeFileSync(file, text.endsWith('\n') ? text : text + '\n');
}
