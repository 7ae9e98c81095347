import { ProvenanceContract } from './contract/provenance.contract';

/** Entry point for `fabric-chaincode-node server`: the contracts this chaincode serves. */
export const contracts = [ProvenanceContract];

export { ProvenanceContract, CONTRACT_NAME } from './contract/provenance.contract';
export {
  ERROR_CODES,
  ERROR_CODE_LIST,
  ContractError,
  parseErrorCode,
  type ErrorCode,
} from './error-codes';
export * from './payload';
