import type { ComponentType } from '../../model/schema.js';
import { cronjobRenderer } from './cronjob.js';
import { daemonRenderer } from './daemon.js';
import { helmRenderer } from './helm.js';
import { jobRenderer } from './job.js';
import { manifestsRenderer } from './manifests.js';
import { storeRenderer } from './store.js';
import type { ComponentRenderer } from './types.js';
import { webserviceRenderer } from './webservice.js';
import { workerRenderer } from './worker.js';

/** The renderer of every component type; the mapped type makes the compiler insist on one per type. */
export const COMPONENT_RENDERERS: { readonly [T in ComponentType]: ComponentRenderer } = {
  webservice: webserviceRenderer,
  worker: workerRenderer,
  store: storeRenderer,
  daemon: daemonRenderer,
  job: jobRenderer,
  cronjob: cronjobRenderer,
  helm: helmRenderer,
  manifests: manifestsRenderer,
};

export type { ComponentContext, ComponentRenderer } from './types.js';
export { isNamespaced } from './scope.js';
