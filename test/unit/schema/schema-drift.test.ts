import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApiSchema, schemaSdl } from '../../../src/schema/build-schema.js';

describe('schema.graphql', () => {
  it('matches the schema the code builds (run `npm run schema` after changing types)', async () => {
    const committed = fs.readFileSync(
      path.resolve(import.meta.dirname, '../../../schema.graphql'),
      'utf8',
    );
    expect(schemaSdl(await buildApiSchema({ channel: 'supplychain' }))).toBe(committed);
  });
});
