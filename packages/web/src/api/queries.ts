import { useQuery } from '@tanstack/react-query';
import { api, type Page, type Query } from './client.js';
import { paths } from './paths.js';
import type { AppSummary, Cluster, JobType, RunView, Workspace } from './types.js';

/** Clusters the user can see (first 500). */
export function useClusters() {
  return useQuery({ queryKey: ['clusters'], queryFn: () => api<Page<Cluster>>(paths.clusters, { query: { limit: 500 } }) });
}

/** Workspaces the user can see (first 500). */
export function useWorkspaces() {
  return useQuery({
    queryKey: ['workspaces'],
    queryFn: () => api<Page<Workspace>>(paths.workspaces, { query: { limit: 500 } }),
  });
}

/** Filters of the applications list. */
export interface AppFilters {
  workspace?: string;
  health?: string;
  environment?: string;
  cluster?: string;
  /** Name contains (case-insensitive). */
  search?: string;
}

/** One page of applications; `cursor` is the previous page's `continue`. */
export function useApps(filters: AppFilters, cursor?: string, limit = 20) {
  return useQuery({
    queryKey: ['apps', filters, cursor, limit],
    queryFn: () => api<Page<AppSummary>>(paths.apps, { query: { ...filters, limit, continue: cursor } as Query }),
    placeholderData: (previous) => previous,
  });
}

/** Recent workflow runs of one application, newest first. */
export function useRuns(workspace: string, application: string, limit = 20) {
  return useQuery({
    queryKey: ['runs', workspace, application, limit],
    queryFn: () => api<Page<RunView>>(paths.runs(workspace, application), { query: { limit } }),
  });
}

/** The step (job) types the workflow engine runs, with their property schemas. */
export function useJobTypes() {
  return useQuery({
    queryKey: ['job-types'],
    queryFn: () => api<{ items: JobType[] }>(paths.jobTypes),
    staleTime: Infinity,
  });
}

const RUN_ORDER: Record<string, number> = { failed: 0, refused: 1, cancelled: 2, waiting: 3, running: 4, pending: 5, succeeded: 6 };

/** Runs ordered failures first, then newest first. */
export function failuresFirst<R extends Pick<RunView, 'state' | 'createdAt'>>(runs: readonly R[]): R[] {
  return [...runs].sort(
    (a, b) => (RUN_ORDER[a.state] ?? 9) - (RUN_ORDER[b.state] ?? 9) || b.createdAt.localeCompare(a.createdAt),
  );
}
