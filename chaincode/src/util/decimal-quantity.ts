/**
 * Quantities are decimals (kilograms to the milligram, say), held in binary floating point: sums
 * and differences drift (100 − 59.7 − 40 is 0.29999999999999716), and a drifted remainder refuses
 * consuming what is left. Every computed quantity is rounded to this many decimal places.
 */
const QUANTITY_DECIMALS = 6;

/** `value` rounded to QUANTITY_DECIMALS places. */
export function decimalQuantity(value: number): number {
  return Number(value.toFixed(QUANTITY_DECIMALS));
}
