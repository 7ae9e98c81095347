/**
 * The GLEC factor table (data/glec-factors.json) and the transport-leg arithmetic built on it:
 * great-circle distance, the mode's distance adjustment, the factor for the leg, and tonne-km.
 * No factor value lives in code; the table carries each factor's provenance.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmissionRecord } from '../../chaincode/src/payload.js';

/** One emission intensity factor with its provenance. */
export interface GlecFactor {
  id: string;
  mode: EmissionRecord['mode'];
  vehicle: string;
  /** kg CO2e per tonne-km. */
  value: number;
  scope: 'WTW' | 'TTW';
  source: string;
  version: string;
  note?: string;
}

/** How a mode's travelled distance relates to the great-circle distance. */
export interface DistanceAdjustment {
  mode: EmissionRecord['mode'];
  multiplier: number;
  addKm: number;
  note?: string;
}

/** The simulator's rule for which factor a leg uses. */
export interface FactorSelection {
  ambientRoad: string;
  coldChainRoad: string;
  coldChainAir: string;
  airMinimumGreatCircleKm: number;
  note?: string;
}

/** The whole factor table, as loaded and checked. */
export interface GlecFactorTable {
  description: string;
  unit: string;
  provenance: string;
  factors: GlecFactor[];
  selection: FactorSelection;
  distanceAdjustments: DistanceAdjustment[];
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** data/glec-factors.json of this repository, found from src/simulator and from dist/src/simulator. */
export function defaultFactorsFile(): string {
  const candidates = [
    path.resolve(HERE, '..', '..', 'data'),
    path.resolve(HERE, '..', '..', '..', 'data'),
  ];
  const folder = candidates.find((dir) => fs.existsSync(path.join(dir, 'glec-factors.json')));
  return path.join(folder ?? candidates[0] ?? 'data', 'glec-factors.json');
}

/**
 * Reads and checks a factor table.
 * @throws Error when the file is missing a field, a factor is not positive, or the selection names
 *   a factor the table does not have.
 */
export function loadGlecFactors(file: string = defaultFactorsFile()): GlecFactorTable {
  // Typed as partial until checked: the file is data anyone may edit.
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    factors?: Partial<GlecFactor>[];
    selection?: Partial<FactorSelection>;
    distanceAdjustments?: DistanceAdjustment[];
  };
  const problems: string[] = [];
  const factors = Array.isArray(raw.factors) ? raw.factors : [];
  if (factors.length === 0) problems.push('no factors');
  for (const f of factors) {
    const name = f.id ?? '(factor without id)';
    if (!(typeof f.value === 'number' && f.value > 0)) problems.push(`${name}: value must be > 0`);
    if (f.scope !== 'WTW' && f.scope !== 'TTW') problems.push(`${name}: scope must be WTW or TTW`);
    for (const key of ['id', 'mode', 'vehicle', 'source', 'version'] as const) {
      if (typeof f[key] !== 'string' || f[key] === '') problems.push(`${name}: missing ${key}`);
    }
  }
  const ids = new Set(factors.map((f) => f.id));
  const selection = raw.selection ?? {};
  for (const id of [selection.ambientRoad, selection.coldChainRoad, selection.coldChainAir]) {
    if (id === undefined || !ids.has(id))
      problems.push(`selection names unknown factor ${id ?? '(none)'}`);
  }
  if (!Array.isArray(raw.distanceAdjustments)) problems.push('no distanceAdjustments');
  if (problems.length > 0)
    throw new Error(`invalid GLEC factor table ${file}: ${problems.join('; ')}`);
  return raw as GlecFactorTable;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle (haversine) distance in kilometres between two latitude/longitude points. */
export function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A transport leg's mode, travelled distance and factor. */
export interface LegRoute {
  mode: EmissionRecord['mode'];
  greatCircleKm: number;
  distanceKm: number;
  factor: GlecFactor;
}

/** Chooses the mode and factor of a leg by the table's selection rule and adjusts its distance. */
export function routeLeg(
  table: GlecFactorTable,
  greatCircle: number,
  coldChain: boolean,
): LegRoute {
  const { selection } = table;
  const flies = coldChain && greatCircle > selection.airMinimumGreatCircleKm;
  const factorId = flies
    ? selection.coldChainAir
    : coldChain
      ? selection.coldChainRoad
      : selection.ambientRoad;
  const factor = table.factors.find((f) => f.id === factorId);
  if (!factor) throw new Error(`factor ${factorId} not in table`);
  const adjustment = table.distanceAdjustments.find((a) => a.mode === factor.mode);
  const distance = adjustment
    ? greatCircle * adjustment.multiplier + adjustment.addKm
    : greatCircle;
  return { mode: factor.mode, greatCircleKm: greatCircle, distanceKm: round(distance, 1), factor };
}

/** kg CO2e of moving massKg over distanceKm at a factor in kg CO2e per tonne-km. */
export function legCo2eKg(massKg: number, distanceKm: number, factorValue: number): number {
  return (massKg / 1000) * distanceKm * factorValue;
}

/** Rounds to a number of decimals (half away from zero is fine for reporting figures). */
export function round(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
