// `npm start` serves the web console from packages/web/dist: build it once when it is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../packages/web/dist/index.html', import.meta.url))) {
  console.log('Building the web console (first start only)…');
  const built = spawnSync('npm', ['run', 'build', '-w', 'packages/web'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (built.status !== 0) {
    console.error('The web console could not be built; the API still starts. Run `npm run build` to retry.');
  }
}
