import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BadUserInputError, LedgerRejectedError } from '../../../src/errors.js';
import type { Logger } from '../../../src/logger.js';
import { maskErrors } from '../../../src/server/format-error.js';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = {
    lines,
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (m: string) => lines.push(m),
    child: () => logger,
  };
  return logger;
}

describe('error masking (logger stubbed)', () => {
  it('passes coded errors through unchanged', () => {
    const log = recordingLogger();
    const mask = maskErrors(log, () => 'req-1');
    const error = new LedgerRejectedError('urn:x is owned by DistributorMSP', {
      reason: 'CUSTODY_NOT_OWNER',
      txId: 'abc',
    });
    const formatted = { message: error.message, extensions: { ...error.extensions } };
    expect(mask(formatted, error)).toBe(formatted);
    expect(log.lines).toEqual([]);
  });

  it('hides an uncoded error behind INTERNAL_SERVER_ERROR with the request id, and logs it in full', () => {
    const log = recordingLogger();
    const mask = maskErrors(log, () => 'req-42');
    const secret = new Error(
      'relation "events" does not exist: SELECT * FROM events WHERE password = 1',
    );
    const out = mask(
      {
        message: secret.message,
        path: ['lot'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] },
      },
      secret,
    );
    expect(out).toEqual({
      message: 'Internal server error (request id req-42); the server log has the details',
      path: ['lot'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' },
    });
    expect(log.lines[0]).toContain('request req-42');
    expect(log.lines[0]).toContain('relation "events" does not exist');
  });

  it('keeps validation errors but strips stack traces, and recodes broken limits', () => {
    const mask = maskErrors(recordingLogger(), () => 'r');
    const limit = new GraphQLError('too deep', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth', stacktrace: ['x'] },
    });
    expect(mask({ message: 'too deep', extensions: limit.extensions }, limit).extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'depth',
    });
    const input = new BadUserInputError('first must be at most 500', 'first');
    expect(
      mask({ message: input.message, extensions: input.extensions }, input).extensions,
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
