/**
 * The simulated trading partners and their sites. The ledger has exactly three peer organisations,
 * so every extra distribution centre and pharmacy is a location owned by one of them. Company
 * names, NDC labeler codes and street addresses are made up (a match with a real one would be a
 * coincidence); two prefixes are GS1's own documentation examples. The coordinates are real city
 * centres, so transport distances come out realistic.
 */

/** MSP id of the manufacturer's peer organisation. */
export const MANUFACTURER_MSP = 'ManufacturerMSP';
/** MSP id of the wholesale distributor's peer organisation. */
export const DISTRIBUTOR_MSP = 'DistributorMSP';
/** MSP id of the pharmacy chain's peer organisation. */
export const PHARMACY_MSP = 'PharmacyMSP';

/** One of the three MSP ids. */
export type SimulatedMsp = typeof MANUFACTURER_MSP | typeof DISTRIBUTOR_MSP | typeof PHARMACY_MSP;

/** A trading partner: its MSP, GS1 company prefixes (7 digits) and party reference. */
export interface OrganizationSpec {
  mspId: SimulatedMsp;
  name: string;
  role: 'manufacturer' | 'distributor' | 'pharmacy';
  /** The first prefix numbers the organisation's party id, locations, SSCCs and loggers. */
  companyPrefixes: readonly string[];
  partyReference: string;
}

/** What happens at a site, which decides its part in the story. */
export type SiteKind = 'api-plant' | 'drug-plant' | 'distribution-center' | 'pharmacy';

/** A physical site (one SGLN) owned by one organisation. */
export interface SiteSpec {
  key: string;
  ownerMsp: SimulatedMsp;
  kind: SiteKind;
  locationReference: string;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  /** Standard-time UTC offset; daylight saving is ignored to keep times simple to check. */
  utcOffsetMinutes: number;
  /** For pharmacies: the key of the distribution centre that serves them. */
  servedBy?: string;
}

/** The three organisations. */
export const ORGANIZATIONS: readonly OrganizationSpec[] = [
  {
    mspId: MANUFACTURER_MSP,
    name: 'Halvorsen Pharmaceuticals, Inc.',
    role: 'manufacturer',
    // NDC-based prefixes: "03" + labeler code; the second labeler code numbers bulk ingredients.
    companyPrefixes: ['0399001', '0399002'],
    partyReference: '00001',
  },
  {
    mspId: DISTRIBUTOR_MSP,
    name: 'Northgate Health Distribution LLC',
    role: 'distributor',
    companyPrefixes: ['0614141'],
    partyReference: '00001',
  },
  {
    mspId: PHARMACY_MSP,
    name: 'Corner Apothecary Pharmacies, Inc.',
    role: 'pharmacy',
    companyPrefixes: ['0012345'],
    partyReference: '00001',
  },
];

const EST = -300;
const CST = -360;
const MST = -420;
const PST = -480;

type SiteRow = [
  key: string,
  kind: SiteKind,
  ref: string,
  name: string,
  address: string,
  lat: number,
  lon: number,
  tz: number,
  servedBy?: string,
];

// prettier-ignore
const MANUFACTURER_SITES: SiteRow[] = [
  ['mfr-kalamazoo', 'api-plant', '10001', 'Halvorsen API Plant Kalamazoo', '7000 Portage Industrial Dr, Kalamazoo, MI 49002', 42.2917, -85.5872, EST],
  ['mfr-rtp', 'drug-plant', '10002', 'Halvorsen Solid Dose Plant RTP', '4100 Emperor Blvd, Durham, NC 27703', 35.8992, -78.8636, EST],
  ['mfr-thousand-oaks', 'drug-plant', '10003', 'Halvorsen Biologics Fill-Finish Thousand Oaks', '2200 Rancho Conejo Blvd, Thousand Oaks, CA 91320', 34.1706, -118.8376, PST],
];

// prettier-ignore
const DISTRIBUTION_CENTERS: SiteRow[] = [
  ['dc-columbus', 'distribution-center', '20001', 'Northgate DC Columbus', '3500 Alum Creek Dr, Columbus, OH 43207', 39.9612, -82.9988, EST],
  ['dc-memphis', 'distribution-center', '20002', 'Northgate DC Memphis', '4800 Tchulahoma Rd, Memphis, TN 38118', 35.1495, -90.049, CST],
  ['dc-dallas', 'distribution-center', '20003', 'Northgate DC Dallas', '1400 Mountain Creek Pkwy, Dallas, TX 75211', 32.7767, -96.797, CST],
  ['dc-reno', 'distribution-center', '20004', 'Northgate DC Reno', '9850 S Virginia St, Reno, NV 89511', 39.5296, -119.8138, PST],
  ['dc-allentown', 'distribution-center', '20005', 'Northgate DC Lehigh Valley', '7120 Industrial Blvd, Allentown, PA 18106', 40.6084, -75.4902, EST],
];

// prettier-ignore
const PHARMACIES: SiteRow[] = [
  ['rx-philadelphia', 'pharmacy', '30001', 'Corner Apothecary #101 Philadelphia', '1520 Chestnut St, Philadelphia, PA 19102', 39.9526, -75.1652, EST, 'dc-allentown'],
  ['rx-new-york', 'pharmacy', '30002', 'Corner Apothecary #102 New York', '350 W 34th St, New York, NY 10001', 40.7128, -74.006, EST, 'dc-allentown'],
  ['rx-pittsburgh', 'pharmacy', '30003', 'Corner Apothecary #103 Pittsburgh', '600 Smithfield St, Pittsburgh, PA 15222', 40.4406, -79.9959, EST, 'dc-allentown'],
  ['rx-cleveland', 'pharmacy', '30004', 'Corner Apothecary #201 Cleveland', '1100 Euclid Ave, Cleveland, OH 44115', 41.4993, -81.6944, EST, 'dc-columbus'],
  ['rx-indianapolis', 'pharmacy', '30005', 'Corner Apothecary #202 Indianapolis', '45 Monument Cir, Indianapolis, IN 46204', 39.7684, -86.1581, EST, 'dc-columbus'],
  ['rx-cincinnati', 'pharmacy', '30006', 'Corner Apothecary #203 Cincinnati', '700 Vine St, Cincinnati, OH 45202', 39.1031, -84.512, EST, 'dc-columbus'],
  ['rx-nashville', 'pharmacy', '30007', 'Corner Apothecary #301 Nashville', '210 Broadway, Nashville, TN 37201', 36.1627, -86.7816, CST, 'dc-memphis'],
  ['rx-atlanta', 'pharmacy', '30008', 'Corner Apothecary #302 Atlanta', '55 Peachtree St NE, Atlanta, GA 30303', 33.749, -84.388, EST, 'dc-memphis'],
  ['rx-little-rock', 'pharmacy', '30009', 'Corner Apothecary #303 Little Rock', '400 President Clinton Ave, Little Rock, AR 72201', 34.7465, -92.2896, CST, 'dc-memphis'],
  ['rx-houston', 'pharmacy', '30010', 'Corner Apothecary #401 Houston', '800 Main St, Houston, TX 77002', 29.7604, -95.3698, CST, 'dc-dallas'],
  ['rx-austin', 'pharmacy', '30011', 'Corner Apothecary #402 Austin', '300 Congress Ave, Austin, TX 78701', 30.2672, -97.7431, CST, 'dc-dallas'],
  ['rx-oklahoma-city', 'pharmacy', '30012', 'Corner Apothecary #403 Oklahoma City', '120 N Robinson Ave, Oklahoma City, OK 73102', 35.4676, -97.5164, CST, 'dc-dallas'],
  ['rx-sacramento', 'pharmacy', '30013', 'Corner Apothecary #501 Sacramento', '1000 K St, Sacramento, CA 95814', 38.5816, -121.4944, PST, 'dc-reno'],
  ['rx-san-francisco', 'pharmacy', '30014', 'Corner Apothecary #502 San Francisco', '900 Market St, San Francisco, CA 94102', 37.7749, -122.4194, PST, 'dc-reno'],
  ['rx-salt-lake-city', 'pharmacy', '30015', 'Corner Apothecary #503 Salt Lake City', '50 S Main St, Salt Lake City, UT 84101', 40.7608, -111.891, MST, 'dc-reno'],
];

function toSites(ownerMsp: SimulatedMsp, rows: SiteRow[]): SiteSpec[] {
  return rows.map(([key, kind, ref, name, address, lat, lon, tz, servedBy]) => ({
    key,
    ownerMsp,
    kind,
    locationReference: ref,
    name,
    address,
    latitude: lat,
    longitude: lon,
    utcOffsetMinutes: tz,
    ...(servedBy === undefined ? {} : { servedBy }),
  }));
}

/** Every site, manufacturer first, then distribution centres, then pharmacies. */
export const SITES: readonly SiteSpec[] = [
  ...toSites(MANUFACTURER_MSP, MANUFACTURER_SITES),
  ...toSites(DISTRIBUTOR_MSP, DISTRIBUTION_CENTERS),
  ...toSites(PHARMACY_MSP, PHARMACIES),
];

/** The organisation spec of an MSP. */
export function organizationOf(mspId: SimulatedMsp): OrganizationSpec {
  const org = ORGANIZATIONS.find((o) => o.mspId === mspId);
  if (!org) throw new RangeError(`unknown MSP ${mspId}`);
  return org;
}

/** The site with the given key. */
export function siteByKey(key: string): SiteSpec {
  const site = SITES.find((s) => s.key === key);
  if (!site) throw new RangeError(`unknown site ${key}`);
  return site;
}
