/**
 * The mutable parts of a ProofBundle for the tamper tests: for each encoded field, its byte length,
 * how to flip byte i, and the check that must then fail; plus one-off edits of scalar fields.
 */
import type { ProofBundle, ProofCheckName } from '../../../src/proof/proof-bundle.js';
import { base64Length, flipBase64, flipHex, flipPem, hexLength, pemLength } from './byte-flips.js';

/** One mutable part of a bundle: how long it is, how to flip byte i, which check must catch it. */
export interface Part {
  label: string;
  expect: ProofCheckName;
  length: (b: ProofBundle) => number;
  flip: (b: ProofBundle, position: number) => void;
}

export function parts(bundle: ProofBundle): Part[] {
  const list: Part[] = [
    {
      label: 'transaction.envelope',
      expect: 'tx-in-block',
      length: (b) => base64Length(b.transaction.envelope),
      flip: (b, i) => {
        b.transaction.envelope = flipBase64(b.transaction.envelope, i);
      },
    },
    {
      label: 'transaction.creator.certificatePem',
      expect: 'creator-certificate',
      length: (b) => pemLength(b.transaction.creator.certificatePem),
      flip: (b, i) => {
        b.transaction.creator.certificatePem = flipPem(b.transaction.creator.certificatePem, i);
      },
    },
    {
      label: 'block.header.previousHash',
      expect: 'orderer-signatures',
      length: (b) => hexLength(b.block.header.previousHash),
      flip: (b, i) => {
        b.block.header.previousHash = flipHex(b.block.header.previousHash, i);
      },
    },
    {
      label: 'block.header.dataHash',
      expect: 'data-hash',
      length: (b) => hexLength(b.block.header.dataHash),
      flip: (b, i) => {
        b.block.header.dataHash = flipHex(b.block.header.dataHash, i);
      },
    },
    {
      label: 'block.ordererSignatures.value',
      expect: 'orderer-signatures',
      length: (b) => base64Length(b.block.ordererSignatures.value),
      flip: (b, i) => {
        b.block.ordererSignatures.value = flipBase64(b.block.ordererSignatures.value, i);
      },
    },
    {
      label: 'tip.headerHash',
      expect: 'header-chain',
      length: (b) => hexLength(b.tip.headerHash),
      flip: (b, i) => {
        b.tip.headerHash = flipHex(b.tip.headerHash, i);
      },
    },
    {
      label: 'records.payload',
      expect: 'business-records',
      length: (b) => base64Length(b.records?.payload ?? ''),
      flip: (b, i) => {
        if (b.records) b.records.payload = flipBase64(b.records.payload, i);
      },
    },
  ];
  bundle.transaction.endorsements.forEach((_, e) => {
    list.push(
      {
        label: `transaction.endorsements[${e}].certificatePem`,
        expect: 'endorser-certificates',
        length: (b) => pemLength(b.transaction.endorsements[e]?.certificatePem ?? ''),
        flip: (b, i) => {
          const x = b.transaction.endorsements[e];
          if (x) x.certificatePem = flipPem(x.certificatePem, i);
        },
      },
      {
        label: `transaction.endorsements[${e}].signature`,
        expect: 'endorsement-signatures',
        length: (b) => base64Length(b.transaction.endorsements[e]?.signature ?? ''),
        flip: (b, i) => {
          const x = b.transaction.endorsements[e];
          if (x) x.signature = flipBase64(x.signature, i);
        },
      },
    );
  });
  bundle.block.envelopes.forEach((_, n) => {
    list.push({
      label: `block.envelopes[${n}]`,
      expect: 'data-hash',
      length: (b) => base64Length(b.block.envelopes[n] ?? ''),
      flip: (b, i) => {
        b.block.envelopes[n] = flipBase64(b.block.envelopes[n] ?? '', i);
      },
    });
  });
  bundle.block.ordererSignatures.signatures.forEach((_, s) => {
    const sig = (b: ProofBundle) => b.block.ordererSignatures.signatures[s];
    list.push(
      {
        label: `orderer signature ${s} signatureHeader`,
        expect: 'orderer-signatures',
        length: (b) => base64Length(sig(b)?.signatureHeader ?? ''),
        flip: (b, i) => {
          const x = sig(b);
          if (x) x.signatureHeader = flipBase64(x.signatureHeader, i);
        },
      },
      {
        label: `orderer signature ${s} signature`,
        expect: 'orderer-signatures',
        length: (b) => base64Length(sig(b)?.signature ?? ''),
        flip: (b, i) => {
          const x = sig(b);
          if (x) x.signature = flipBase64(x.signature, i);
        },
      },
      {
        label: `orderer signature ${s} signer.certificatePem`,
        expect: 'orderer-certificates',
        length: (b) => pemLength(sig(b)?.signer.certificatePem ?? ''),
        flip: (b, i) => {
          const x = sig(b);
          if (x) x.signer.certificatePem = flipPem(x.signer.certificatePem, i);
        },
      },
    );
  });
  bundle.headerChain.forEach((_, h) => {
    list.push(
      {
        label: `headerChain[${h}].previousHash`,
        expect: 'header-chain',
        length: (b) => hexLength(b.headerChain[h]?.previousHash ?? ''),
        flip: (b, i) => {
          const x = b.headerChain[h];
          if (x) x.previousHash = flipHex(x.previousHash, i);
        },
      },
      {
        label: `headerChain[${h}].dataHash`,
        expect: 'header-chain',
        length: (b) => hexLength(b.headerChain[h]?.dataHash ?? ''),
        flip: (b, i) => {
          const x = b.headerChain[h];
          if (x) x.dataHash = flipHex(x.dataHash, i);
        },
      },
    );
  });
  return list;
}

/** Scalar fields: one change each and the check that must name it. */
export const scalarEdits: Array<[string, ProofCheckName, (b: ProofBundle) => void]> = [
  [
    'channel',
    'channel',
    (b) => {
      b.channel = 'otherchannel';
    },
  ],
  [
    'txId',
    'tx-id',
    (b) => {
      b.txId = flipHex(b.txId, 5);
    },
  ],
  [
    'blockNumber',
    'block-number',
    (b) => {
      b.blockNumber = (BigInt(b.blockNumber) + 1n).toString();
    },
  ],
  [
    'txIndex',
    'tx-in-block',
    (b) => {
      b.txIndex = 0;
    },
  ],
  [
    'validationCode',
    'validation-code',
    (b) => {
      b.validationCode = 11;
    },
  ],
  [
    'block.header.number',
    'orderer-signatures',
    (b) => {
      b.block.header.number = '11';
    },
  ],
  [
    'creator.mspId',
    'creator-certificate',
    (b) => {
      b.transaction.creator.mspId = 'DistributorMSP';
    },
  ],
  [
    'endorsement mspId',
    'endorser-certificates',
    (b) => {
      const e = b.transaction.endorsements[0];
      if (e) e.mspId = 'PharmacyMSP';
    },
  ],
  [
    'orderer signer mspId',
    'orderer-certificates',
    (b) => {
      const s = b.block.ordererSignatures.signatures[0];
      if (s) s.signer.mspId = 'ManufacturerMSP';
    },
  ],
  [
    'headerChain[2].number',
    'header-chain',
    (b) => {
      const h = b.headerChain[2];
      if (h) h.number = '13';
    },
  ],
  [
    'tip.number',
    'header-chain',
    (b) => {
      b.tip.number = '13';
    },
  ],
  [
    'records.eventName',
    'business-records',
    (b) => {
      if (b.records) b.records.eventName = 'other';
    },
  ],
  [
    'records.chaincodeId',
    'business-records',
    (b) => {
      if (b.records) b.records.chaincodeId = 'other';
    },
  ],
  [
    'records removed',
    'business-records',
    (b) => {
      b.records = null;
    },
  ],
  [
    'endorsement removed',
    'endorser-certificates',
    (b) => {
      b.transaction.endorsements.pop();
    },
  ],
];
