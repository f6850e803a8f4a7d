import { startGitOpsAgentSimulation, startSandbox, type Sandbox, type SandboxOptions } from '@berth/sandbox';

/**
 * The sandbox of `npm start`: a simulated cluster plus the SIMULATED GitOps agent (standing in
 * for Argo CD / Flux), so gitops environments sync on a machine without a real cluster. Stopping
 * the sandbox stops the agent first.
 */
export async function startSandboxWithGitOpsAgent(options: SandboxOptions): Promise<Sandbox> {
  const sandbox = await startSandbox(options);
  const agent = await startGitOpsAgentSimulation({ kube: { url: sandbox.url, token: sandbox.adminToken } });
  const stopSandbox = sandbox.stop.bind(sandbox);
  return {
    ...sandbox,
    async stop() {
      await agent.stop();
      await stopSandbox();
    },
  };
}
