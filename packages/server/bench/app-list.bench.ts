/**
 * The console's lists at 10,000 applications: `GET /api/v1/apps` (first page, a deep page by
 * cursor, filtered by health, environment, cluster, environment + health) and `GET /api/v1/runs`
 * (first page, filtered by state), as a developer of every workspace (the authorized path: the
 * list filters on the workspaces the caller may see). The applications (each with a revision,
 * two environments on three clusters, a label and last known health) and the runs are inserted
 * straight into the store (then, on PostgreSQL, ANALYZE — as autovacuum would soon after such a
 * load; SQLite runs without statistics, as servers do); requests go through `app.inject`
 * (routing, authentication, validation, SQL, serialization — no sockets). Prints p50/p95.
 *
 * Run: npm run bench -w packages/server -- app-list   (or: node --import tsx bench/app-list.bench.ts)
 * PostgreSQL too: add --pg, or set DATABASE_URL (a server where a scratch database is created and dropped).
 * Tune: BENCH_APPS (10000), BENCH_WORKSPACES (5), BENCH_RUNS (20000), BENCH_SAMPLES (200).
 */
import { type Kysely, sql } from 'kysely';
import { appsCapability } from '../src/apps/capability.js';
import type { AppTables } from '../src/apps/migration.js';
import { clustersCapability } from '../src/clusters/capability.js';
import { newId } from '../src/store/ids.js';
import { workflowCapability } from '../src/workflow/capability.js';
import type { WorkflowTables } from '../src/workflow/tables.js';

const APPS = Number(process.env.BENCH_APPS ?? 10_000);
const WORKSPACES = Number(process.env.BENCH_WORKSPACES ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 20_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const WITH_PG = process.argv.includes('--pg') || process.env.DATABASE_URL !== undefined;
if (process.env.DATABASE_URL) process.env.BERTH_TEST_PG_URL = process.env.DATABASE_URL;
const { eachDatabase } = await import('../test/support/databases.js');
const { startTestApp } = await import('../test/support/test-app.js');
type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/** Deterministic health of application `i` in an environment: mostly Healthy, a few of each other. */
function healthOf(i: number, env: number): string {
  const n = (i * 7 + env * 13) % 100;
  if (n < 2) return 'Degraded';
  if (n < 3) return 'Missing';
  if (n < 4) return 'Unknown';
  if (n < 8) return 'Progressing';
  return 'Healthy';
}
const WORST = ['Healthy', 'Suspended', 'Progressing', 'Unknown', 'Missing', 'Degraded'];

async function inBatches<T>(rows: T[], size: number, insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

async function seed(t: TestApp): Promise<void> {
  const db = t.deps.store.db as unknown as Kysely<AppTables & WorkflowTables & { workspaces: { id: string; name: string } }>;
  const wsIds: string[] = [];
  for (let w = 0; w < WORKSPACES; w++) {
    await t.request(t.adminToken, { method: 'POST', url: '/api/v1/workspaces', body: { name: `team-${w}` } });
    await t.request(t.adminToken, { method: 'PUT', url: `/api/v1/workspaces/team-${w}/members/dev`, body: { role: 'developer' } });
    wsIds.push((await db.selectFrom('workspaces').select('id').where('name', '=', `team-${w}`).executeTakeFirstOrThrow()).id);
  }
  const at = new Date(Date.UTC(2025, 0, 1)).toISOString();
  const apps: AppTables['apps'][] = [];
  const revisions: AppTables['app_revisions'][] = [];
  const envs: AppTables['app_environments'][] = [];
  const labels: AppTables['app_labels'][] = [];
  const health: AppTables['app_health'][] = [];
  for (let i = 0; i < APPS; i++) {
    const w = i % WORKSPACES;
    const name = `app-${String(i).padStart(5, '0')}`;
    const id = newId();
    const deployed = i % 20 !== 0; // 5% never deployed
    const envHealth = [healthOf(i, 0), healthOf(i, 1)];
    const worst = envHealth.reduce((a, b) => (WORST.indexOf(b) > WORST.indexOf(a) ? b : a));
    apps.push({ id, workspace_id: wsIds[w]!, workspace: `team-${w}`, name, sort_key: `team-${w}/${name}`, revision: 1, status: 'active', resource_version: 1, deletion_requested_at: null, created_by: 'bench', updated_by: 'bench', created_at: at, updated_at: at, health: deployed ? worst : null });
    const spec = `apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata: { name: ${name} }\nspec:\n  components: [{ name: web, type: webservice, image: nginx }]\n`;
    revisions.push({ app_id: id, revision: 1, spec_text: spec, spec_format: 'yaml', spec_json: JSON.stringify({ metadata: { name } }), render_hashes: '{}', author: 'bench', message: 'seeded', created_at: at });
    const clusters = [`cluster-${i % 2 === 0 ? 'a' : 'b'}`, 'cluster-c'];
    ['dev', 'prod'].forEach((env, e) => {
      envs.push({ app_id: id, name: env, cluster: clusters[e]!, namespace: `${name}-${env}`, delivery: 'direct' });
      if (deployed) health.push({ app_id: id, environment: env, cluster: clusters[e]!, health: envHealth[e]!, reason: envHealth[e] === 'Healthy' ? null : `component web: ${envHealth[e]}`, revision: 1, changed_at: at });
    });
    labels.push({ app_id: id, key: 'team', value: `t${i % 10}` });
  }
  await inBatches(apps, 400, (b) => db.insertInto('apps').values(b).execute());
  await inBatches(revisions, 400, (b) => db.insertInto('app_revisions').values(b).execute());
  await inBatches(envs, 800, (b) => db.insertInto('app_environments').values(b).execute());
  await inBatches(labels, 1000, (b) => db.insertInto('app_labels').values(b).execute());
  await inBatches(health, 800, (b) => db.insertInto('app_health').values(b).execute());

  const runs: WorkflowTables['workflow_runs'][] = [];
  const start = Date.UTC(2025, 0, 1);
  for (let r = 0; r < RUNS; r++) {
    const i = (r * 37) % APPS;
    const created = start + r * 1000;
    const state = r % 25 === 0 ? 'failed' : r % 50 === 1 ? 'running' : 'succeeded';
    const id = newId(created);
    const step = { name: 'web', type: 'deploy', state: state === 'running' ? 'running' : state, dependsOn: [], properties: {}, attempt: 1, interruptions: 0, retries: 0, timeoutMs: 600_000, backoff: { initialMs: 1000, factor: 2, maxMs: 60_000 }, startedAt: created + 10, ...(state === 'running' ? {} : { finishedAt: created + 500 }), ...(state === 'failed' ? { message: 'web: ImagePullBackOff: cannot pull' } : {}) };
    const snapshot = { id, application: `app-${String(i).padStart(5, '0')}`, environment: 'dev', state, createdAt: created, startedAt: created + 10, ...(state === 'running' ? {} : { finishedAt: created + 500 }), steps: [step] };
    const iso = new Date(created).toISOString();
    runs.push({ id, workspace: `team-${i % WORKSPACES}`, application: snapshot.application, environment: 'dev', revision: 1, cluster: 'cluster-a', namespace: `${snapshot.application}-dev`, state, outcome: state === 'running' ? null : state, snapshot: JSON.stringify(snapshot), spec: '{}', created_by: 'bench', created_at: iso, updated_at: iso, finished_at: state === 'running' ? null : iso, due_at: null, next_seq: 1, resource_version: 1 });
  }
  await inBatches(runs, 400, (b) => db.insertInto('workflow_runs').values(b).execute());
  // PostgreSQL plans from statistics, which autovacuum gathers within a minute of a bulk load; gather them now.
  if (t.deps.store.dialect === 'postgres') await sql`analyze`.execute(t.deps.store.db);
}

async function measure(t: TestApp, token: string, url: string): Promise<{ p50: number; p95: number; items: number }> {
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < SAMPLES + 20; i++) {
    const started = performance.now();
    const r = await t.request(token, { method: 'GET', url });
    const ms = performance.now() - started;
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    if (i === 0) items = (r.json() as { items: unknown[] }).items.length;
    if (i >= 20) times.push(ms); // the first 20 warm up
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p95: at(0.95), items };
}

async function bench(database: ReturnType<typeof eachDatabase>[number]): Promise<void> {
  const t = await startTestApp(database, { capabilities: [clustersCapability, appsCapability, workflowCapability()], env: { BERTH_SANDBOX: 'off' } });
  try {
    const token = await t.userToken('dev');
    const seeding = performance.now();
    await seed(t);
    const seeded = ((performance.now() - seeding) / 1000).toFixed(1);
    // A cursor half way down the list (item 5,000 of 10,000).
    let deep: string | undefined;
    for (let i = 0, cursor = ''; i < Math.floor(APPS / 2 / 500); i++) {
      const page = (await t.request(token, { method: 'GET', url: `/api/v1/apps?limit=500${cursor ? `&continue=${cursor}` : ''}` })).json() as { continue?: string };
      cursor = page.continue ?? '';
      deep = page.continue;
    }
    const runsPage = (await t.request(token, { method: 'GET', url: '/api/v1/runs?limit=500' })).json() as { continue?: string };
    const cases: Array<[string, string]> = [
      ['apps: first page', '/api/v1/apps?limit=50'],
      ['apps: deep page (cursor at 5,000)', `/api/v1/apps?limit=50&continue=${deep}`],
      ['apps: health=Degraded', '/api/v1/apps?limit=50&health=Degraded'],
      ['apps: health=Degraded,Missing,Unknown', '/api/v1/apps?limit=50&health=Degraded,Missing,Unknown'],
      ['apps: environment=prod', '/api/v1/apps?limit=50&environment=prod'],
      ['apps: cluster=cluster-b', '/api/v1/apps?limit=50&cluster=cluster-b'],
      ['apps: environment=dev&health=Degraded', '/api/v1/apps?limit=50&environment=dev&health=Degraded'],
      ['apps: one workspace, search=123', '/api/v1/apps?limit=50&workspace=team-3&search=123'],
      ['runs: first page', '/api/v1/runs?limit=50'],
      ['runs: page after 500', `/api/v1/runs?limit=50&continue=${runsPage.continue}`],
      ['runs: state=failed', '/api/v1/runs?limit=50&state=failed'],
    ];
    console.log(`\n${database.dialect}: ${APPS} applications in ${WORKSPACES} workspaces, ${RUNS} runs (seeded in ${seeded} s); a developer of every workspace; ${SAMPLES} samples each`);
    console.log(`  ${'request'.padEnd(42)} ${'items'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
    for (const [name, url] of cases) {
      const r = await measure(t, token, url);
      console.log(`  ${name.padEnd(42)} ${String(r.items).padStart(5)} ${r.p50.toFixed(2).padStart(8)} ${r.p95.toFixed(2).padStart(8)}`);
    }
  } finally {
    await t.close();
  }
}

const [sqlite, postgres] = eachDatabase();
await bench(sqlite!);
if (WITH_PG) await bench(postgres!);
console.log(`\ncommand: node --import tsx bench/app-list.bench.ts${WITH_PG ? ' --pg' : ''}   (in packages/server; npm run bench -w packages/server runs it with the others)\n`);
