/**
 * @berth/web — the console. The built assets live in {@link webAssetsDir}; the control plane
 * serves them with {@link registerWebConsole} (server-plugin.ts).
 */
export { webAssetsDir, registerWebConsole } from './server-plugin.js';
