/**
 * Temperature logger readings for a shipping leg, as an EPCIS 2.0 sensorElementList. Cold-chain
 * products travel at 2–8 °C, ambient ones at controlled room temperature (15–25 °C); a leg with an
 * excursion has one to three consecutive readings outside that range, flagged ALARM_CONDITION.
 * The readings ride on the receiving event, because a logger is read out on arrival.
 */
import { HOUR } from './epcis-time.js';
import type { Prng } from './prng.js';

/** The allowed temperature range of a product class, °C. */
export interface TemperatureRange {
  min: number;
  max: number;
}

/** 2–8 °C, the cold chain. */
export const COLD_CHAIN_RANGE: TemperatureRange = { min: 2, max: 8 };
/** 15–25 °C, controlled room temperature. */
export const AMBIENT_RANGE: TemperatureRange = { min: 15, max: 25 };

/** One reading before rendering. */
export interface TemperatureReading {
  time: number;
  celsius: number;
  outOfRange: boolean;
}

/** Draws the readings of one leg: one every ~4 hours, two to eight of them. */
export function legReadings(
  prng: Prng,
  departure: number,
  arrival: number,
  coldChain: boolean,
  excursion: boolean,
): TemperatureReading[] {
  const range = coldChain ? COLD_CHAIN_RANGE : AMBIENT_RANGE;
  const count = Math.min(8, Math.max(2, Math.ceil((arrival - departure) / (4 * HOUR))));
  const step = (arrival - departure) / (count + 1);
  const mid = (range.min + range.max) / 2;
  const spread = (range.max - range.min) / 6;
  const readings: TemperatureReading[] = [];
  for (let i = 0; i < count; i++) {
    const value = clamp(prng.normal(mid, spread), range.min + 0.3, range.max - 0.3);
    readings.push({
      time: Math.round(departure + step * (i + 1)),
      celsius: round1(value),
      outOfRange: false,
    });
  }
  if (excursion) {
    const length = Math.min(count, prng.intBetween(1, 3));
    const start = prng.int(count - length + 1);
    // Cold chain: mostly warm excursions (a door left open), sometimes freezing near the coolant.
    const freezing = coldChain && prng.chance(0.25);
    for (let i = start; i < start + length; i++) {
      const celsius = freezing
        ? prng.range(-2, range.min - 0.5)
        : prng.range(range.max + 0.5, range.max + (coldChain ? 7 : 9));
      const reading = readings[i];
      if (reading) {
        reading.celsius = round1(celsius);
        reading.outOfRange = true;
      }
    }
  }
  return readings;
}

/** The readings as EPCIS sensor elements, one report each. */
export function sensorElementList(
  readings: readonly TemperatureReading[],
  deviceId: string,
  formatTime: (time: number) => string,
): Record<string, unknown>[] {
  return readings.map((reading) => {
    const report: Record<string, unknown> = {
      type: 'Temperature',
      value: reading.celsius,
      uom: 'CEL',
    };
    if (reading.outOfRange) report.exception = 'ALARM_CONDITION';
    return {
      sensorMetadata: { time: formatTime(reading.time), deviceID: deviceId },
      sensorReport: [report],
    };
  });
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
