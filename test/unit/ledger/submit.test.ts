import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  CommitStatusError,
  EndorseError,
  GatewayError,
  type Gateway,
} from '@hyperledger/fabric-gateway';
import { describe, expect, it } from 'vitest';
import { LedgerRejectedError, LedgerUnavailableError } from '../../../src/errors.js';
import { LedgerOutcomeUnknownError } from '../../../src/ledger/contract-errors.js';
import {
  evaluateTransaction,
  submitTransaction,
  validationCodeName,
} from '../../../src/ledger/submit.js';

const TX = 'b'.repeat(64);
const CALL = { channel: 'supplychain', chaincode: 'provenance', fn: 'CloseRecall', args: ['R-1'] };

const cause = (code: status): ServiceError =>
  Object.assign(new Error('x'), { code, details: 'x', metadata: new Metadata() });

interface Script {
  endorse?: Error;
  submit?: Error;
  status?: { blockNumber: bigint; code: number; successful: boolean } | Error;
  evaluate?: Error;
}

/**
 * A STUBBED GATEWAY: the object graph submitTransaction walks (network → contract → proposal →
 * transaction → commit), recording the order of calls. No gRPC, no peer.
 */
function stubbedGateway(script: Script): { gateway: Gateway; log: string[] } {
  const log: string[] = [];
  const submitted = {
    getResult: () => Buffer.from('{"ok":true}'),
    getStatus: () => {
      log.push('status');
      const s = script.status ?? { blockNumber: 42n, code: 0, successful: true };
      return s instanceof Error ? Promise.reject(s) : Promise.resolve({ ...s, transactionId: TX });
    },
  };
  const transaction = {
    submit: () => {
      log.push('submit');
      return script.submit ? Promise.reject(script.submit) : Promise.resolve(submitted);
    },
  };
  const proposal = {
    getTransactionId: () => TX,
    endorse: () => {
      log.push('endorse');
      return script.endorse ? Promise.reject(script.endorse) : Promise.resolve(transaction);
    },
  };
  const contract = {
    newProposal: (fn: string, options: { arguments: string[] }) => {
      log.push(`proposal ${fn}(${options.arguments.join(',')})`);
      return proposal;
    },
    evaluate: () =>
      script.evaluate ? Promise.reject(script.evaluate) : Promise.resolve(Buffer.from('r')),
  };
  const gateway = {
    getNetwork: (channel: string) => {
      log.push(`network ${channel}`);
      return { getContract: (name: string) => (log.push(`contract ${name}`), contract) };
    },
  } as unknown as Gateway;
  return { gateway, log };
}

describe('submitTransaction with a stubbed gateway', () => {
  it('hands out the transaction id before anything is sent, then endorses, submits and waits', async () => {
    const { gateway, log } = stubbedGateway({});
    const committed = await submitTransaction(gateway, CALL, {
      beforeSend: (txId) => {
        log.push(`beforeSend ${txId.slice(0, 4)}`);
        return Promise.resolve();
      },
    });
    expect(log).toEqual([
      'network supplychain',
      'contract provenance',
      'proposal CloseRecall(R-1)',
      'beforeSend bbbb',
      'endorse',
      'submit',
      'status',
    ]);
    expect(committed).toEqual({
      txId: TX,
      blockNumber: 42n,
      validationCode: 0,
      result: Buffer.from('{"ok":true}'),
    });
  });

  it('refuses a transaction that committed invalid (MVCC_READ_CONFLICT) with its validation code', async () => {
    const { gateway } = stubbedGateway({
      status: { blockNumber: 9n, code: 11, successful: false },
    });
    const error = await submitTransaction(gateway, CALL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerRejectedError);
    expect((error as LedgerRejectedError).extensions).toEqual({
      code: 'LEDGER_REJECTED',
      reason: 'MVCC_READ_CONFLICT',
      txId: TX,
      validationCode: 11,
    });
    expect((error as Error).message).toMatch(/block 9 .*MVCC_READ_CONFLICT/);
  });

  it('stops at a contract refusal: nothing is sent to the orderer', async () => {
    const { gateway, log } = stubbedGateway({
      endorse: new EndorseError({
        code: status.ABORTED,
        message: '10 ABORTED: failed to endorse transaction, see attached details for more info',
        cause: cause(status.ABORTED),
        transactionId: TX,
        details: [
          {
            address: 'p:1',
            mspId: 'ManufacturerMSP',
            message:
              'chaincode response 500, [NOT_RECORD_OWNER] recall R-1 was initiated by DistributorMSP',
          },
        ],
      }),
    });
    const error = await submitTransaction(gateway, CALL).catch((e: unknown) => e);
    expect((error as LedgerRejectedError).extensions).toMatchObject({
      reason: 'NOT_RECORD_OWNER',
      txId: TX,
    });
    expect(log).not.toContain('submit');
  });

  it('reports an unknown outcome when the commit status cannot be read', async () => {
    const { gateway } = stubbedGateway({
      status: new CommitStatusError({
        code: status.DEADLINE_EXCEEDED,
        message: '4 DEADLINE_EXCEEDED',
        cause: cause(status.DEADLINE_EXCEEDED),
        transactionId: TX,
        details: [],
      }),
    });
    await expect(submitTransaction(gateway, CALL)).rejects.toBeInstanceOf(
      LedgerOutcomeUnknownError,
    );
  });

  it('maps evaluation failures the same way', async () => {
    const down = stubbedGateway({
      evaluate: new GatewayError({
        code: status.UNAVAILABLE,
        message: '14 UNAVAILABLE',
        cause: cause(status.UNAVAILABLE),
        details: [],
      }),
    });
    await expect(evaluateTransaction(down.gateway, CALL)).rejects.toBeInstanceOf(
      LedgerUnavailableError,
    );
    const ok = stubbedGateway({});
    expect(Buffer.from(await evaluateTransaction(ok.gateway, CALL)).toString()).toBe('r');
  });

  it('names validation codes', () => {
    expect(validationCodeName(0)).toBe('VALID');
    expect(validationCodeName(10)).toBe('ENDORSEMENT_POLICY_FAILURE');
    expect(validationCodeName(11)).toBe('MVCC_READ_CONFLICT');
    expect(validationCodeName(200)).toBe('200');
  });
});
