import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { CommitError, GatewayError } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { describe, expect, it } from 'vitest';
import { LedgerRejectedError, LedgerUnavailableError } from '../../../src/errors.js';
import { toLedgerError } from '../../../src/ledger/gateway-errors.js';
import { writeMessage } from '../../../src/ledger/proto-wire.js';
import { decodeChainInfo, isQsccNotFound } from '../../../src/ledger/qscc.js';

function gatewayError(code: status, message: string, detail = ''): GatewayError {
  const cause: ServiceError = Object.assign(new Error(message), {
    code,
    details: message,
    metadata: new Metadata(),
  });
  const details =
    detail === '' ? [] : [{ address: 'peer0:7051', mspId: 'ManufacturerMSP', message: detail }];
  return new GatewayError({ code, details, cause, message });
}

describe('gateway boundary (pure parts; the network calls themselves need a devnet)', () => {
  it('maps transport failures to LedgerUnavailableError and refusals to LedgerRejectedError', () => {
    expect(
      toLedgerError(gatewayError(status.UNAVAILABLE, 'connection refused'), 'evaluate'),
    ).toBeInstanceOf(LedgerUnavailableError);
    expect(
      toLedgerError(gatewayError(status.DEADLINE_EXCEEDED, 'too slow'), 'evaluate'),
    ).toBeInstanceOf(LedgerUnavailableError);
    const rejected = toLedgerError(
      gatewayError(status.ABORTED, 'failed to endorse', 'chaincode response 500, lot not found'),
      'submit',
    );
    expect(rejected).toBeInstanceOf(LedgerRejectedError);
    expect((rejected as { extensions?: unknown }).extensions).toMatchObject({
      code: 'LEDGER_REJECTED',
      reason: 'ManufacturerMSP@peer0:7051: chaincode response 500, lot not found',
    });
    const commit = toLedgerError(
      new CommitError({ code: 11, transactionId: 'tx1', message: 'MVCC_READ_CONFLICT' }),
      'commit',
    );
    expect((commit as { extensions?: unknown }).extensions).toMatchObject({
      txId: 'tx1',
      validationCode: 11,
    });
    expect(
      toLedgerError(Object.assign(new Error('socket'), { code: status.UNAVAILABLE }), 'x'),
    ).toBeInstanceOf(LedgerUnavailableError);
    const plain = new Error('bug');
    expect(toLedgerError(plain, 'x')).toBe(plain);
  });

  it('recognises qscc not-found answers', () => {
    expect(
      isQsccNotFound(
        gatewayError(
          status.UNKNOWN,
          'evaluate call failed',
          'failed to get block for txID "abc": no such transaction ID [abc] in index',
        ),
      ),
    ).toBe(true);
    expect(
      isQsccNotFound(gatewayError(status.UNKNOWN, 'evaluate call failed', 'chaincode crashed')),
    ).toBe(false);
  });

  it('decodes BlockchainInfo with an exact uint64 height', () => {
    const info = new common.BlockchainInfo();
    info.setHeight(42);
    info.setCurrentblockhash(Buffer.alloc(32, 1));
    info.setPreviousblockhash(Buffer.alloc(32, 2));
    const decoded = decodeChainInfo(info.serializeBinary());
    expect(decoded.height).toBe(42n);
    expect(Buffer.from(decoded.currentBlockHash).equals(Buffer.alloc(32, 1))).toBe(true);
    expect(Buffer.from(decoded.previousBlockHash).equals(Buffer.alloc(32, 2))).toBe(true);
    const big = writeMessage([
      { field: 1, uint64: 2n ** 62n + 7n },
      { field: 2, bytes: Buffer.alloc(32, 3) },
    ]);
    expect(decodeChainInfo(big).height).toBe(2n ** 62n + 7n);
  });
});
