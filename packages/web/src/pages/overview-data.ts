import { useQueries } from '@tanstack/react-query';
import { api, type Page } from '../api/client.js';
import { ApiError } from '../api/problem.js';
import { paths } from '../api/paths.js';
import type { AppStatus, AppSummary, HealthStatus, RunView } from '../api/types.js';

/** How many applications the overview looks into for health and runs. */
export const OVERVIEW_SAMPLE = 30;

/**
 * Health of each application (its first environment's live status; `Missing` when never
 * deployed) and the recent runs of the first applications, for the overview.
 */
export function useOverviewDetails(apps: readonly AppSummary[]) {
  const sample = apps.slice(0, OVERVIEW_SAMPLE);
  const health = useQueries({
    queries: sample.map((app) => ({
      queryKey: ['overview-health', app.workspace, app.name],
      queryFn: async (): Promise<HealthStatus> => {
        if (app.health) return app.health;
        try {
          const status = await api<AppStatus>(paths.status(app.workspace, app.name));
          return status.health;
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) return 'Missing';
          return 'Unknown';
        }
      },
    })),
  });
  const runs = useQueries({
    queries: sample.map((app) => ({
      queryKey: ['runs', app.workspace, app.name, 5],
      queryFn: () => api<Page<RunView>>(paths.runs(app.workspace, app.name), { query: { limit: 5 } }),
    })),
  });
  const byHealth = new Map<HealthStatus, number>();
  for (const h of health) if (h.data) byHealth.set(h.data, (byHealth.get(h.data) ?? 0) + 1);
  return {
    byHealth,
    runs: runs.flatMap((r) => r.data?.items ?? []),
    loadingRuns: runs.some((r) => r.isLoading),
  };
}
