#!/usr/bin/env node
// Starts a sandbox cluster: `berth-sandbox [--nodes N] [--port P] [--rbac]`.
// Runs the TypeScript entry through tsx; prints the kubeconfig path and stops on SIGINT/SIGTERM.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
await main(process.argv.slice(2));
