import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { CommitStatusError, EndorseError, GatewayError } from '@hyperledger/fabric-gateway';
import { describe, expect, it } from 'vitest';
import { LedgerRejectedError, LedgerUnavailableError } from '../../../src/errors.js';
import {
  contractRejectionOf,
  LedgerOutcomeUnknownError,
  toSubmitError,
} from '../../../src/ledger/contract-errors.js';

const TX = 'a'.repeat(64);

// fabric-gateway exports SubmitError as a type only; this builds what it is at runtime: a
// GatewayError carrying the transaction id.
function submitError(code: status, message: string): GatewayError {
  return Object.assign(
    new GatewayError({ code, message, cause: cause(code, message), details: [] }),
    { transactionId: TX },
  );
}

function cause(code: status, message: string): ServiceError {
  return Object.assign(new Error(message), { code, details: message, metadata: new Metadata() });
}

// Shapes as the gateway reports them (fabric-gateway's scenario tests, errors.feature).
function endorseError(code: status, message: string, details: string[] = []): EndorseError {
  return new EndorseError({
    code,
    message: `${code} ${status[code]}: ${message}`,
    cause: cause(code, message),
    transactionId: TX,
    details: details.map((m, i) => ({
      address: `peer${i}:7051`,
      mspId: 'DistributorMSP',
      message: m,
    })),
  });
}

const extensionsOf = (error: Error): Record<string, unknown> =>
  (error as unknown as { extensions: Record<string, unknown> }).extensions;

describe('submit error mapping (constructed gateway errors, no network)', () => {
  it('turns a chaincode [CODE] message in the endorsement details into LEDGER_REJECTED with that reason', () => {
    const error = toSubmitError(
      endorseError(
        status.ABORTED,
        'failed to endorse transaction, see attached details for more info',
        [
          'chaincode response 500, [CUSTODY_NOT_OWNER] urn:epc:id:sgtin:0614141.107346.1 is owned by ManufacturerMSP',
        ],
      ),
      'endorse',
      TX,
    );
    expect(error).toBeInstanceOf(LedgerRejectedError);
    expect(error.message).toBe(
      '[CUSTODY_NOT_OWNER] urn:epc:id:sgtin:0614141.107346.1 is owned by ManufacturerMSP',
    );
    expect(extensionsOf(error)).toMatchObject({
      code: 'LEDGER_REJECTED',
      reason: 'CUSTODY_NOT_OWNER',
      txId: TX,
    });
  });

  it('finds the code in the top-level message of an evaluation (no details there)', () => {
    const error = toSubmitError(
      new GatewayError({
        code: status.UNKNOWN,
        message:
          '2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, [NOT_FOUND] recall R-9 does not exist',
        cause: cause(status.UNKNOWN, 'x'),
        details: [],
      }),
      'evaluate',
      '',
    );
    expect(extensionsOf(error)).toEqual({ code: 'LEDGER_REJECTED', reason: 'NOT_FOUND' });
    expect(error.message).toBe('[NOT_FOUND] recall R-9 does not exist');
  });

  it('ignores bracketed words that are not contract codes', () => {
    expect(contractRejectionOf(new Error('[NOT_A_CODE] whatever'))).toBeUndefined();
    expect(contractRejectionOf(new Error('chaincode response 500, [RECALLED] lot L1'))).toEqual({
      code: 'RECALLED',
      message: '[RECALLED] lot L1',
    });
  });

  it("keeps the peers' words when an endorsement fails without a contract code", () => {
    const error = toSubmitError(
      endorseError(status.ABORTED, 'failed to collect enough transaction endorsements', [
        'ProposalResponsePayloads do not match',
      ]),
      'endorse',
      TX,
    );
    expect(error).toBeInstanceOf(LedgerRejectedError);
    expect(extensionsOf(error).reason).toBe(
      'DistributorMSP@peer0:7051: ProposalResponsePayloads do not match',
    );
    expect(extensionsOf(error).txId).toBe(TX);
  });

  it('maps an unreachable peer at endorsement to LEDGER_UNAVAILABLE: nothing was written', () => {
    for (const code of [status.UNAVAILABLE, status.DEADLINE_EXCEEDED]) {
      const error = toSubmitError(endorseError(code, 'No connection established'), 'endorse', TX);
      expect(error).toBeInstanceOf(LedgerUnavailableError);
      expect(error.message).toMatch(/nothing was written/);
    }
  });

  it('does not claim "nothing was written" once the transaction went to the orderer', () => {
    const lost = toSubmitError(
      submitError(status.DEADLINE_EXCEEDED, '4 DEADLINE_EXCEEDED: Deadline exceeded'),
      'submit',
      TX,
    );
    expect(lost).toBeInstanceOf(LedgerOutcomeUnknownError);
    expect(lost).not.toBeInstanceOf(LedgerUnavailableError);
    expect(extensionsOf(lost)).toEqual({
      code: 'LEDGER_UNAVAILABLE',
      txId: TX,
      outcome: 'UNKNOWN',
    });
    expect(lost.message).not.toMatch(/nothing was written/);

    const status_ = toSubmitError(
      new CommitStatusError({
        code: status.UNAVAILABLE,
        message: '14 UNAVAILABLE: connection reset',
        cause: cause(status.UNAVAILABLE, 'reset'),
        transactionId: TX,
        details: [],
      }),
      'commit-status',
      TX,
    );
    expect(status_).toBeInstanceOf(LedgerOutcomeUnknownError);
  });

  it('maps an orderer refusal at submit to LEDGER_REJECTED', () => {
    const refused = toSubmitError(
      submitError(
        status.ABORTED,
        '10 ABORTED: received unsuccessful response from orderer: status=BAD_REQUEST',
      ),
      'submit',
      TX,
    );
    expect(refused).toBeInstanceOf(LedgerRejectedError);
  });

  it('leaves errors that are not ledger failures alone (they are bugs, masked by the server)', () => {
    const bug = new TypeError('undefined is not a function');
    expect(toSubmitError(bug, 'endorse', TX)).toBe(bug);
  });
});
