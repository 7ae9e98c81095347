/**
 * Container identifiers of a lot: cases and pallets carry the manufacturer's SSCCs, totes the
 * distributor's, each lot owning a consecutive range reserved when it was planned.
 */
import { DISTRIBUTOR_MSP, MANUFACTURER_MSP } from './parties.catalog.js';
import type { LotRun, StoryContext } from './story-context.js';

/** The SSCC of case `c` of a lot. */
export function caseId(ctx: StoryContext, lot: LotRun, c: number): string {
  return ctx.sscc(MANUFACTURER_MSP, lot.caseBase + c);
}

/** The SSCCs of cases [start, end) of a lot. */
export function caseIds(ctx: StoryContext, lot: LotRun, start: number, end: number): string[] {
  const ids: string[] = [];
  for (let c = start; c < end; c++) ids.push(caseId(ctx, lot, c));
  return ids;
}

/** The SSCC of pallet `p` of a lot. */
export function palletId(ctx: StoryContext, lot: LotRun, p: number): string {
  return ctx.sscc(MANUFACTURER_MSP, lot.palletBase + p);
}

/** The SSCC of tote `j` (lot-wide numbering) of a lot. */
export function toteId(ctx: StoryContext, lot: LotRun, j: number): string {
  return ctx.sscc(DISTRIBUTOR_MSP, lot.toteBase + j);
}
