import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../src/index.js';

const example = new URL('../../../examples/shop/berth.yaml', import.meta.url).pathname;
const bin = new URL('../bin/berth.js', import.meta.url).pathname;

function captureIO(stdin = ''): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    readFile: (path: string) => readFile(path, 'utf8'),
    readStdin: async () => stdin,
  };
  return io;
}

async function fileWith(content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-cli-'));
  const file = join(dir, 'app.yaml');
  await writeFile(file, content);
  return file;
}

describe('berth validate', () => {
  it('GIVEN the bundled example WHEN validated THEN it exits 0 and says it is valid', async () => {
    const io = captureIO();
    expect(await main(['validate', '-f', example], io)).toBe(0);
    expect(io.out).toContain('application shop is valid (4 components)');
    expect(io.err).toBe('');
  });

  it('GIVEN a file with errors WHEN validated THEN each is printed as file:line:column path: message and it exits 1', async () => {
    const file = await fileWith(
      [
        'apiVersion: berth.dev/v1alpha1',
        'kind: Application',
        'metadata: { name: shop }',
        'spec:',
        '  components:',
        '    - name: web',
        '      type: webservice',
        '      image: nginx',
        '    - name: api',
        '      type: webservice',
        '      replicas: "three"',
        '',
      ].join('\n'),
    );
    const io = captureIO();
    expect(await main(['validate', '-f', file], io)).toBe(1);
    const lines = io.err.trim().split('\n');
    expect(lines.some((l) => l.startsWith(`${file}:11:`) && l.includes('spec.components[1].replicas:'))).toBe(true);
    expect(lines.some((l) => l.includes('spec.components[1].image') || l.includes('spec.components[1]: '))).toBe(true);
    expect(lines.at(-1)).toMatch(/2 errors/);
  });

  it('reads standard input with -f -', async () => {
    const io = captureIO(await readFile(example, 'utf8'));
    expect(await main(['validate', '-f', '-'], io)).toBe(0);
    expect(io.out).toContain('<stdin>: application shop is valid');
  });

  it('exits 2 for a missing file and for a missing -f', async () => {
    const io = captureIO();
    expect(await main(['validate', '-f', '/nonexistent/app.yaml'], io)).toBe(2);
    expect(io.err).toContain('cannot read /nonexistent/app.yaml: no such file');
    const io2 = captureIO();
    expect(await main(['validate'], io2)).toBe(2);
    expect(io2.err).toContain("required option '-f, --file <file>' not specified");
  });

  it('exits 2 for an unknown command or option', async () => {
    expect(await main(['frobnicate'], captureIO())).toBe(2);
    expect(await main(['validate', '-f', example, '--nope'], captureIO())).toBe(2);
  });
});

describe('berth render', () => {
  it('GIVEN the example WHEN rendered for dev as YAML THEN it prints the Kubernetes objects in the dev namespace', async () => {
    const io = captureIO();
    expect(await main(['render', '-f', example, '--env', 'dev'], io)).toBe(0);
    const objects = parseAllDocuments(io.out).map((d) => d.toJS() as { kind: string; metadata: { namespace?: string } });
    const kinds = objects.map((o) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(['StatefulSet', 'Job', 'Deployment', 'Service', 'Ingress', 'HorizontalPodAutoscaler']));
    expect(objects.every((o) => o.metadata.namespace === 'shop-dev')).toBe(true);
    expect(io.out.startsWith('apiVersion:')).toBe(true);
  });

  it('prints JSON with -o json and applies the environment overrides', async () => {
    const io = captureIO();
    expect(await main(['render', '-f', example, '--env', 'prod', '-o', 'json'], io)).toBe(0);
    type Rendered = { kind: string; metadata: { name: string; namespace: string }; spec: Record<string, unknown> };
    const list = JSON.parse(io.out) as { kind: string; items: Rendered[] };
    expect(list.kind).toBe('List');
    expect(list.items.every((o) => o.metadata.namespace === 'shop')).toBe(true);
    const worker = list.items.find((o) => o.kind === 'Deployment' && o.metadata.name === 'worker');
    expect(worker?.spec.replicas).toBe(3);
    const hpa = list.items.find((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpa?.spec.minReplicas).toBe(4);
  });

  it('exits 1 for an environment the application does not declare, naming the declared ones', async () => {
    const io = captureIO();
    expect(await main(['render', '-f', example, '--env', 'staging'], io)).toBe(1);
    expect(io.err).toContain('staging');
    expect(io.err).toContain('dev');
  });

  it('exits 2 for an unknown output format', async () => {
    const io = captureIO();
    expect(await main(['render', '-f', example, '--env', 'dev', '-o', 'toml'], io)).toBe(2);
    expect(io.err).toContain('toml');
  });
});

describe('the berth binary', () => {
  it('runs as a real process with the documented exit codes', async () => {
    const run = promisify(execFile);
    const ok = await run(process.execPath, [bin, 'validate', '-f', example]);
    expect(ok.stdout).toContain('is valid');
    const bad = await fileWith('apiVersion: berth.dev/v1alpha1\nkind: Application\nmetadata: { name: Bad_Name }\nspec: { components: [] }\n');
    const failure = await run(process.execPath, [bin, 'validate', '-f', bad]).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failure && failure.code).toBe(1);
    expect((failure as { stderr: string }).stderr).toMatch(/app\.yaml:3:\d+ metadata\.name: /);
  });
});
