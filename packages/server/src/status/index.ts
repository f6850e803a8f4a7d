/** Live status: per-cluster informers, health per object/component/application, SSE, pod logs, and the recorded last known health. */
export { statusCapability, createStatusCapability, type StatusCapabilityOptions } from './capability.js';
export { StatusService, type AppRef, type StatusDeps } from './status-service.js';
export { ClusterStatusWatch, WATCHED_KINDS, appKey } from './cluster-watch.js';
export { buildAppStatus, assessmentOf, appStatusSchema, type AppStatus } from './app-status.js';
export { HealthRecorder, type HealthLedger, type HealthRecorderTiming, type HealthRecorderDeps } from './health-recorder.js';
export { environmentHealth, type ClusterView } from './environment-health.js';
export {
  WatcherElections,
  replicaIdentity,
  BERTH_NAMESPACE,
  WATCHER_LEASE,
  type ClusterElection,
  type ClusterLeadership,
  type WatcherElectionsOptions,
} from './watcher-elections.js';
