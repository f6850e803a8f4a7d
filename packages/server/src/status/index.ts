/** Live status: per-cluster informers, health per object/component/application, SSE and pod logs. */
export { statusCapability, createStatusCapability, type StatusCapabilityOptions } from './capability.js';
export { StatusService, type AppRef, type StatusDeps } from './status-service.js';
export { ClusterStatusWatch, WATCHED_KINDS, appKey } from './cluster-watch.js';
export { buildAppStatus, assessmentOf, appStatusSchema, type AppStatus } from './app-status.js';
