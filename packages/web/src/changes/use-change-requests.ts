import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';
import { paths } from '../api/paths.js';
import type {
  ChangeRequestDetail,
  ChangeRequestListItem,
  ChangeRequestState,
  GitRepository,
  WorkspacePermissions,
} from '../api/types.js';

/** The repositories of a workspace: embedded ones, and the GitHub ones granted to it. */
export function useRepositories(workspace: string | undefined) {
  return useQuery({
    queryKey: ['git-repositories', workspace],
    enabled: !!workspace,
    queryFn: () => api<{ items: GitRepository[] }>(paths.gitRepositories(workspace!)),
  });
}

/**
 * The change requests of every repository of a workspace (or of `repository` only) in one state
 * (all states when undefined), newest first, each with its checks and the application it delivers.
 */
export function useWorkspaceChangeRequests(
  workspace: string | undefined,
  state: ChangeRequestState | undefined,
  repository?: string,
) {
  const repositories = useRepositories(workspace);
  const chosen = (repositories.data?.items ?? []).filter((r) => !repository || r.name === repository);
  const lists = useQueries({
    queries: chosen.map((repo) => ({
      queryKey: ['change-requests', workspace, repo.name, state ?? 'all'],
      queryFn: () =>
        api<{ items: ChangeRequestListItem[] }>(paths.changeRequests(workspace!, repo.name), {
          query: { state },
        }),
    })),
  });
  const items = lists
    .flatMap((l) => l.data?.items ?? [])
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.number - a.number);
  return {
    items,
    repositories: repositories.data?.items ?? [],
    isLoading: repositories.isLoading || lists.some((l) => l.isLoading),
    error: repositories.error ?? lists.find((l) => l.error)?.error ?? null,
    refetch: async () => {
      await repositories.refetch();
      await Promise.all(lists.map((l) => l.refetch()));
    },
  };
}

/** The query key of one change request's detail. */
export const changeRequestKey = (workspace: string, repo: string, number: number) =>
  ['change-request', workspace, repo, number] as const;

/** One change request with diff, comments, reviews, checks and mergeability. */
export function useChangeRequest(
  workspace: string,
  repo: string,
  number: number,
  options: { staleTime?: number } = {},
) {
  return useQuery({
    queryKey: changeRequestKey(workspace, repo, number),
    enabled: !!workspace && !!repo && Number.isInteger(number) && number > 0,
    queryFn: () => api<ChangeRequestDetail>(paths.changeRequest(workspace, repo, number)),
    ...options,
  });
}

/** What the signed-in user may do in a workspace (`actions`), and why not the rest (`denied`). */
export function useWorkspacePermissions(workspace: string) {
  return useQuery({
    queryKey: ['permissions', workspace],
    enabled: !!workspace,
    queryFn: () => api<WorkspacePermissions>(paths.permissions(workspace)),
    staleTime: 60_000,
  });
}
