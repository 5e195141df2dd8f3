// pgfence_probe.mjs -- list the files pgfence 0.1.5 cannot analyze.
//
// pgfence aborts its whole run ("pgfence error: ...", exit 2) on the first
// file it fails to parse, so timing it on a file list that contains such a
// file would measure an early exit, not a lint.  bench/run.sh uses this probe
// to drop those files from the corpus list for every tool alike.
//
//   node bench/pgfence_probe.mjs PGFENCE_PKG_DIR LIST_FILE > failing.list
//
// PGFENCE_PKG_DIR is the installed package (…/node_modules/@flvmnt/pgfence);
// LIST_FILE holds one path per line.  Prints failing paths, one per line, and
// a summary on stderr.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [pkgDir, listFile] = process.argv.slice(2);
if (!pkgDir || !listFile) {
  console.error('usage: node pgfence_probe.mjs PGFENCE_PKG_DIR LIST_FILE');
  process.exit(2);
}
const { analyze } = await import(pathToFileURL(join(pkgDir, 'dist', 'analyzer.js')).href);
const config = {
  format: 'sql', output: 'json', minPostgresVersion: 11, maxAllowedRisk: 'high',
  requireLockTimeout: true, requireStatementTimeout: true,
};
const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
let bad = 0;
for (const f of files) {
  try {
    await analyze([f], config);
  } catch (err) {
    bad++;
    process.stdout.write(f + '\n');
    console.error(`pgfence fails on ${f}: ${err instanceof Error ? err.message : err}`);
  }
}
console.error(`pgfence_probe: ${bad} of ${files.length} files fail`);
