/**
 * Runs the server's benchmarks one after the other, each in its own process (they print their
 * figures and command): `npm run bench -w packages/server`, or name some:
 * `node --import tsx bench/run.ts workflow apps-list`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ALL = ['workflow', 'apps-list', 'app-list'];
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL;
let failed = 0;
for (const name of chosen) {
  const file = fileURLToPath(new URL(`./${name}.bench.ts`, import.meta.url));
  console.log(`\n== bench/${name}.bench.ts`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
