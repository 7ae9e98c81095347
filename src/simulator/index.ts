/** The supply-chain simulator's public surface (see supply-chain.generator.ts). */
export {
  generateSupplyChain,
  resolveOptions,
  DEFAULT_START_TIME,
} from './supply-chain.generator.js';
export type { SupplyChain, SimulationRun } from './supply-chain.generator.js';
export {
  pickDrugLot,
  pickHeldDrugLot,
  pickHeldIngredientLot,
  pickIngredientLot,
} from './simulation-summary.js';
export { measureGenerationSpeed } from './generation-speed.js';
export type { GenerationSpeed } from './generation-speed.js';
export { loadGlecFactors, defaultFactorsFile, greatCircleKm, legCo2eKg } from './glec-factors.js';
export type { GlecFactor, GlecFactorTable } from './glec-factors.js';
export { MANUFACTURER_MSP, DISTRIBUTOR_MSP, PHARMACY_MSP } from './parties.catalog.js';
export type { SimulatedMsp } from './parties.catalog.js';
export { Prng } from './prng.js';
export type * from './simulation.types.js';
