/**
 * Stable error codes of the contract. Every rejection throws a ContractError whose message starts
 * with `[CODE]`, because a Fabric peer hands the client only the message string: src/ recovers the
 * code with parseErrorCode and maps it to a GraphQL error. Like payload.ts, this module has no
 * runtime imports, so src/ can import it without pulling in fabric-shim.
 */

/** Every error code the contract throws, with what it means. */
export const ERROR_CODES = {
  EPCIS_INVALID: 'The capture document, or one of its events, is not valid EPCIS 2.0.',
  INVALID_ARGUMENT: 'A transaction argument is missing, malformed or out of range.',
  NOT_FOUND: 'The record the transaction refers to does not exist.',
  FORBIDDEN_NOT_ADMIN: 'Only an admin identity (OU=admin) of the organisation may do this.',
  FORBIDDEN_WRONG_MSP: 'The caller belongs to another MSP than the record names.',
  NOT_RECORD_OWNER: 'The record belongs to another organisation.',
  IDENTIFIER_CLAIMED: 'A party id or company prefix is already bound to another organisation.',
  NOT_PRODUCT_OWNER: "Only the product owner's organisation may do this for this GTIN.",
  EVENT_ID_CONFLICT: 'An event with this eventID but different content is already on the ledger.',
  EVENT_DUPLICATE: 'The same event content is already on the ledger under another eventID.',
  FORBIDDEN_NOT_CAPTURER: 'Only the organisation that captured an event may declare it erroneous.',
  RETRACTION_BLOCKED:
    'Declaring the event erroneous would leave a later consumption of goods that never reached the consumer.',
  CUSTODY_NOT_OWNER:
    "Only the current owner's organisation may ship, pack, unpack, transform or decommission (a lot received by quantity: up to what was received).",
  CUSTODY_NOT_DESTINATION: "Only the shipment's destination may receive it.",
  CUSTODY_NOT_IN_TRANSIT: 'The object was not shipped, so another organisation cannot receive it.',
  ALREADY_COMMISSIONED: 'The identifier was already commissioned on the ledger.',
  LOT_OVERCONSUMED: 'A transformation consumes more of a lot than remains.',
  LOT_UOM_MISMATCH: 'A lot quantity is given in another unit of measure than the lot.',
  RECALLED:
    'The object belongs to a recalled lot or is recalled: it cannot be shipped or dispensed.',
  DESTROYED: 'The object is destroyed or decommissioned.',
  ALREADY_EXISTS: 'A record with this id already exists.',
  FORBIDDEN_NOT_PARTY: 'Only the capturing organisation or a party to the event may do this.',
} as const;

/** One of the error codes above. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The error codes as a list, in declaration order. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

/** An error the contract throws on purpose; its message is `[CODE] detail`. */
export class ContractError extends Error {
  /** The stable code, also the bracketed prefix of the message. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, detail: string) {
    super(`[${code}] ${detail}`);
    this.name = 'ContractError';
    this.code = code;
  }
}

/** Extracts the code from a contract error message (as relayed by a peer), if it has one. */
export function parseErrorCode(message: string): ErrorCode | undefined {
  const match = /\[([A-Z_]+)\]/.exec(message);
  const code = match?.[1];
  return code !== undefined && code in ERROR_CODES ? (code as ErrorCode) : undefined;
}
