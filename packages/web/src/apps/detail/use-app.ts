import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../../api/client.js';
import { paths } from '../../api/paths.js';
import { useEventStream } from '../../api/sse.js';
import type { AppDetail, AppEnvironmentSummary, AppRevision, AppStatus } from '../../api/types.js';

/** One application. */
export function useApp(workspace: string, name: string) {
  return useQuery({ queryKey: ['app', workspace, name], queryFn: () => api<AppDetail>(paths.app(workspace, name)) });
}

/** Its revisions, newest first. */
export function useRevisions(workspace: string, name: string) {
  return useQuery({
    queryKey: ['revisions', workspace, name],
    queryFn: () => api<Page<AppRevision>>(paths.revisions(workspace, name), { query: { limit: 100 } }),
  });
}

/** The environments of an application: from the summary, else from its spec. */
export function environmentsOf(app: AppDetail | undefined): AppEnvironmentSummary[] {
  if (!app) return [];
  if (app.environments?.length) return app.environments;
  const spec = app.spec as { spec?: { environments?: AppEnvironmentSummary[] } } | undefined;
  return (spec?.spec?.environments ?? []).map((e) => ({ ...e, delivery: e.delivery ?? 'direct' }));
}

/**
 * The live status of an application in one environment: fetched once, then replaced by each
 * `status` event of the SSE stream.
 */
export function useAppStatus(workspace: string, name: string, environment: string | undefined) {
  const client = useQueryClient();
  const key = ['status', workspace, name, environment];
  const query = useQuery({
    queryKey: key,
    enabled: !!environment,
    queryFn: () => api<AppStatus>(paths.status(workspace, name), { query: { env: environment } }),
    // Not deployed yet (404) or not reachable: look again every few seconds, so the page comes
    // alive (and the live stream opens) as soon as a first run has delivered the application.
    retry: false,
    refetchInterval: (q) => (q.state.error ? 3000 : false),
  });
  const stream = useEventStream(
    environment && !query.error ? paths.statusStream(workspace, name) : null,
    (event) => {
      const data = event.data as Partial<AppStatus> | undefined;
      if (data && Array.isArray(data.components)) client.setQueryData(key, data);
      else void client.invalidateQueries({ queryKey: key });
    },
    { query: { env: environment }, eventTypes: ['status'] },
  );
  return { ...query, live: stream.connected };
}
