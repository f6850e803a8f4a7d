import { useQuery } from '@tanstack/react-query';
import { api, type Page } from '../api/client.js';
import { paths } from '../api/paths.js';
import { failuresFirst } from '../api/queries.js';
import type { AppHealthSummary, RunListItem } from '../api/types.js';

/** How often the overview refreshes its counts and runs. */
const REFRESH_MS = 10_000;

/** How many applications the caller can see have each last known health (counted by the server). */
export function useHealthSummary() {
  return useQuery({
    queryKey: ['apps-health-summary'],
    queryFn: () => api<AppHealthSummary>(paths.appsHealthSummary),
    refetchInterval: REFRESH_MS,
  });
}

/**
 * Recent workflow runs across every application the caller can see, failures first: the latest
 * failed or refused runs (however old), then the newest runs, without repeats.
 */
export function useRecentRuns(limit = 10) {
  return useQuery({
    queryKey: ['recent-runs', limit],
    queryFn: async (): Promise<RunListItem[]> => {
      const [failed, recent] = await Promise.all([
        api<Page<RunListItem>>(paths.allRuns, { query: { state: 'failed,refused', limit: 5 } }),
        api<Page<RunListItem>>(paths.allRuns, { query: { limit } }),
      ]);
      const seen = new Set<string>();
      const runs = [...failed.items, ...recent.items].filter((r) => !seen.has(r.id) && seen.add(r.id));
      return failuresFirst(runs).slice(0, limit);
    },
    refetchInterval: REFRESH_MS,
  });
}
