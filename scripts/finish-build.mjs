// The root build also compiles the chaincode modules that src/ imports (payload constants, error
// codes, the in-memory ledger). tsc emits them as CommonJS, because chaincode/package.json says so;
// this marker makes Node load them as CommonJS from dist/ too (dist/ sits under the ESM root).
import fs from 'node:fs';

fs.mkdirSync('dist/chaincode', { recursive: true });
fs.writeFileSync('dist/chaincode/package.json', '{ "type": "commonjs" }\n');
