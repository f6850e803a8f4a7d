// Prints the gzipped size of every built asset and of what the main route loads first
// (index.html's script and its static imports, plus CSS). Run after `vite build`.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = join(import.meta.dirname, '..', 'dist');
const assets = join(dist, 'assets');
const gz = (file) => gzipSync(readFileSync(join(assets, file))).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
for (const f of files.sort((a, b) => gz(b) - gz(a))) console.log(`${kb(gz(f)).padStart(10)}  ${f}`);

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const first = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]));
const queue = [...first].filter((f) => f.endsWith('.js'));
while (queue.length) {
  const code = readFileSync(join(assets, queue.pop()), 'utf8');
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    if (!first.has(m[1])) {
      first.add(m[1]);
      queue.push(m[1]);
    }
  }
}
const total = [...first].reduce((n, f) => n + gz(f), 0);
console.log(`\nfirst load of the main route: ${kb(total)} gzipped (${[...first].join(', ')}); budget 500 KB`);
if (total > 500 * 1024) process.exitCode = 1;
