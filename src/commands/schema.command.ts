/** `provenance schema [--check]`: writes schema.graphql from the code, or checks it for drift. */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { buildApiSchema, schemaSdl } from '../schema/build-schema.js';

/** Writes (or with `check`, compares) the committed SDL; returns the exit code. */
export async function runSchemaCommand(config: Config, check: boolean): Promise<number> {
  const file = path.join(config.rootDir, 'schema.graphql');
  const sdl = schemaSdl(await buildApiSchema({ channel: config.channel }));
  if (check) {
    const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (committed === sdl) return 0;
    process.stderr.write('schema.graphql is out of date: run `npm run schema` and commit it\n');
    return 1;
  }
  fs.writeFileSync(file, sdl);
  process.stdout.write(`wrote ${file}\n`);
  return 0;
}
