/** The `berth-sandbox` command: parse flags, start a sandbox, print how to use it, stop on signals. */
import { parseArgs } from 'node:util';
import { startSandbox } from '../src/index.js';

/** Run the command with its arguments (without `node` and the script). */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      nodes: { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      rbac: { type: 'boolean', default: false },
      tls: { type: 'boolean' },
      'no-simulation': { type: 'boolean', default: false },
      snapshot: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('usage: berth-sandbox [--nodes N] [--port P] [--host H] [--rbac] [--tls] [--no-simulation] [--snapshot FILE] [--verbose]\n');
    process.stdout.write('  --rbac enforces RBAC and serves HTTPS (kubectl sends tokens only over TLS); --nodes 0 leaves pods Pending\n');
    return;
  }
  const nodes = values.nodes === undefined ? undefined : Number(values.nodes);
  if (nodes !== undefined && (!Number.isInteger(nodes) || nodes < 0)) throw new Error(`--nodes must be a non-negative integer, got ${values.nodes}`);
  const cluster = await startSandbox({
    port: Number(values.port),
    host: values.host,
    nodes,
    rbac: values.rbac,
    tls: values.tls ?? values.rbac,
    simulation: !values['no-simulation'],
    snapshotPath: values.snapshot,
    logRequests: values.verbose,
  });
  process.stdout.write(`sandbox cluster listening on ${cluster.url}\n`);
  process.stdout.write(`kubeconfig: ${cluster.kubeconfigPath}\n`);
  process.stdout.write(`export KUBECONFIG=${cluster.kubeconfigPath}\n`);
  const stop = (): void => {
    cluster.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
