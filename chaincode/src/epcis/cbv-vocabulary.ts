/**
 * CBV 2.0 vocabularies as data (GS1 Core Business Vocabulary 2.0, as listed in the EPCIS 2.0 JSON
 * schema). Each vocabulary names the URN and web-URI forms its terms may also be written in, so
 * that `urn:epcglobal:cbv:bizstep:shipping`, `https://ref.gs1.org/cbv/BizStep-shipping` and
 * `shipping` all normalise to `shipping`.
 */

/** A CBV vocabulary: its bare terms and the two URI spellings of a term. */
export interface CbvVocabulary {
  /** Field name used in error messages, e.g. "business step". */
  label: string;
  terms: ReadonlySet<string>;
  /** URN prefix, e.g. `urn:epcglobal:cbv:bizstep:`. */
  urnPrefix: string;
  /** Web vocabulary term prefix, e.g. `BizStep-` in `https://ref.gs1.org/cbv/BizStep-shipping`. */
  webPrefix: string;
}

/** CBV business steps. */
export const BIZ_STEPS: CbvVocabulary = {
  label: 'CBV business step',
  urnPrefix: 'urn:epcglobal:cbv:bizstep:',
  webPrefix: 'BizStep-',
  // prettier-ignore
  terms: new Set([
    'accepting', 'arriving', 'assembling', 'collecting', 'commissioning', 'consigning',
    'creating_class_instance', 'cycle_counting', 'decommissioning', 'departing', 'destroying',
    'disassembling', 'dispensing', 'encoding', 'entering_exiting', 'holding', 'inspecting',
    'installing', 'killing', 'loading', 'other', 'packing', 'picking', 'receiving', 'removing',
    'repackaging', 'repairing', 'replacing', 'reserving', 'retail_selling', 'sampling',
    'sensor_reporting', 'shipping', 'staging_outbound', 'stock_taking', 'stocking', 'storing',
    'transporting', 'unloading', 'unpacking', 'void_shipping',
  ]),
};

/** CBV dispositions. */
export const DISPOSITIONS: CbvVocabulary = {
  label: 'CBV disposition',
  urnPrefix: 'urn:epcglobal:cbv:disp:',
  webPrefix: 'Disp-',
  // prettier-ignore
  terms: new Set([
    'active', 'available', 'completeness_inferred', 'completeness_verified', 'conformant',
    'container_closed', 'container_open', 'damaged', 'destroyed', 'dispensed', 'disposed',
    'encoded', 'expired', 'in_progress', 'in_transit', 'inactive', 'mismatch_class',
    'mismatch_instance', 'mismatch_quantity', 'needs_replacement', 'no_pedigree_match',
    'non_conformant', 'non_sellable_other', 'partially_dispensed', 'recalled', 'reserved',
    'retail_sold', 'returned', 'sellable_accessible', 'sellable_not_accessible', 'stolen',
    'unavailable', 'unknown',
  ]),
};

/** CBV business transaction types. */
export const BIZ_TRANSACTION_TYPES: CbvVocabulary = {
  label: 'CBV business transaction type',
  urnPrefix: 'urn:epcglobal:cbv:btt:',
  webPrefix: 'BTT-',
  // prettier-ignore
  terms: new Set([
    'bol', 'cert', 'desadv', 'inv', 'pedigree', 'po', 'poc', 'prodorder', 'recadv', 'rma',
    'testprd', 'testres', 'upevt',
  ]),
};

/** CBV source/destination types. */
export const SOURCE_DESTINATION_TYPES: CbvVocabulary = {
  label: 'CBV source/destination type',
  urnPrefix: 'urn:epcglobal:cbv:sdt:',
  webPrefix: 'SDT-',
  // prettier-ignore
  terms: new Set(['owning_party', 'possessing_party', 'location']),
};

/** CBV error reasons. */
export const ERROR_REASONS: CbvVocabulary = {
  label: 'CBV error reason',
  urnPrefix: 'urn:epcglobal:cbv:er:',
  webPrefix: 'ER-',
  // prettier-ignore
  terms: new Set(['did_not_occur', 'incorrect_data']),
};

/** GS1 measurement types for sensor reports (gs1: prefix or bare). */
// prettier-ignore
export const MEASUREMENT_TYPES: ReadonlySet<string> = new Set([
  'AbsoluteHumidity', 'AbsorbedDose', 'AbsorbedDoseRate', 'Acceleration', 'Altitude',
  'AmountOfSubstance', 'AmountOfSubstancePerUnitVolume', 'Angle', 'AngularAcceleration',
  'AngularMomentum', 'AngularVelocity', 'Area', 'Capacitance', 'Conductance', 'Conductivity',
  'Count', 'Density', 'Dimensionless', 'DoseEquivalent', 'DoseEquivalentRate', 'DynamicViscosity',
  'ElectricCharge', 'ElectricCurrent', 'ElectricCurrentDensity', 'ElectricFieldStrength', 'Energy',
  'Exposure', 'Force', 'Frequency', 'Illuminance', 'Inductance', 'Irradiance',
  'KinematicViscosity', 'Length', 'LinearMomentum', 'Luminance', 'LuminousFlux',
  'LuminousIntensity', 'MagneticFlux', 'MagneticFluxDensity', 'MagneticVectorPotential', 'Mass',
  'MassConcentration', 'MassFlowRate', 'MassPerAreaTime', 'MemoryCapacity', 'MolalityOfSolute',
  'MolarEnergy', 'MolarMass', 'MolarVolume', 'Power', 'Pressure', 'Radioactivity', 'RadiantFlux',
  'RadiantIntensity', 'RelativeHumidity', 'Resistance', 'Resistivity', 'SolidAngle',
  'SpecificVolume', 'Speed', 'SurfaceDensity', 'SurfaceTension', 'Temperature', 'Time', 'Torque',
  'Voltage', 'Volume', 'VolumeFlowRate', 'VolumeFraction', 'VolumetricFlux', 'Wavenumber',
]);

/** GS1 sensor alert types. */
export const SENSOR_ALERT_TYPES: ReadonlySet<string> = new Set([
  'ALARM_CONDITION',
  'ERROR_CONDITION',
]);

/** CBV sensor components (cbv:Comp- prefix or bare). */
// prettier-ignore
export const SENSOR_COMPONENTS: ReadonlySet<string> = new Set([
  'x', 'y', 'z', 'axial_distance', 'azimuth', 'height', 'spherical_radius', 'polar_angle',
  'elevation_angle', 'easting', 'northing', 'latitude', 'longitude', 'altitude',
]);

/**
 * Prefixes the standard EPCIS 2.0 JSON-LD context declares, usable without a local declaration
 * (the fixtures use `cbvmda:lotNumber`, `gs1:ALARM_CONDITION` and `cbv:…` that way).
 */
// prettier-ignore
export const STANDARD_CONTEXT_PREFIXES: ReadonlySet<string> = new Set([
  'epcis', 'cbv', 'cbvmda', 'gs1', 'rdf', 'rdfs', 'owl', 'xsd', 'dcterms', 'sdo', 'schema',
]);
