import { ConflictError, DomainError, NotAllowedError, NotFoundError, TooManyRequestsError } from '../../http/errors.js';
import type { ChangeRequest, FileDiff, RepositoryInfo, ReviewState } from '../provider.js';
import { credentialRoutes } from './github-address.js';
import { GitHubRepositoryUnusableError, GitHubUpstreamError } from './github-errors.js';

interface OctokitFailure {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: { message?: string; errors?: unknown } };
}

/** GitHub's own words: `message` and the `errors[]` details, never request headers (which carry the token). */
function gitHubSays(error: OctokitFailure): string {
  const data = error.response?.data;
  const base = typeof data?.message === 'string' ? data.message : 'no message';
  const details = Array.isArray(data?.errors)
    ? data.errors
        .map((e: unknown) => (typeof e === 'string' ? e : typeof (e as { message?: unknown })?.message === 'string' ? (e as { message: string }).message : (e as { code?: unknown })?.code))
        .filter((m): m is string => typeof m === 'string')
    : [];
  return `${error.status} ${base}${details.length ? `: ${details.join('; ')}` : ''}`.slice(0, 300);
}

/**
 * Maps an Octokit error to a domain error with a message saying what to do: 401 → 502 (GitHub
 * refused Berth's credentials; a platform admin replaces them), 403 → 403 (the credentials
 * lack a permission) or 429 (rate limited), 404 → 404, 405/409 → 409, 422 → 409 when GitHub
 * reports a conflict (a ref that exists or moved, nothing to merge) and 422 otherwise, other
 * statuses → 502. Messages carry GitHub's message, never a token.
 */
export function mapError(error: unknown, repository: string | undefined, owner?: string): unknown {
  if (error instanceof DomainError) return error;
  const failure = error as OctokitFailure;
  const status = failure.status;
  if (typeof status !== 'number') return error;
  const where = owner ? `${owner}/${repository ?? '*'}` : (repository ?? 'GitHub');
  const says = gitHubSays(failure);
  if (status === 401) {
    const routes = owner ? credentialRoutes({ owner, repo: repository ?? '*' }) : undefined;
    return new GitHubUpstreamError(
      `GitHub refused Berth's credentials for ${where} (${says})${routes ? `: a platform admin replaces them with PUT ${repository ? routes.repository : routes.owner}` : ''}`,
    );
  }
  if (status === 403) {
    const headers = failure.response?.headers ?? {};
    if (headers['x-ratelimit-remaining'] === '0' || /rate limit/i.test(says)) {
      const reset = Number(headers['x-ratelimit-reset']);
      const retry = headers['retry-after'] ? Number(headers['retry-after']) : Number.isFinite(reset) ? Math.max(1, Math.ceil(reset - Date.now() / 1000)) : 60;
      return new TooManyRequestsError(`GitHub's rate limit for ${where} is exhausted (${says}); try again later`, retry);
    }
    return new NotAllowedError(
      `GitHub refused the request on ${where} (${says}): the credentials need read and write access to contents, pull requests and commit statuses of the repository`,
    );
  }
  if (status === 404) return new NotFoundError(`not found on GitHub${repository ? ` (${where})` : ''}: ${says}`);
  if (status === 405 || status === 409) return new ConflictError(`GitHub refused: ${says}`);
  if (status === 422) {
    if (/already exists|fast.forward|no commits between|not mergeable|merge conflict/i.test(says))
      return new ConflictError(`GitHub refused: ${says}`);
    return new GitHubRepositoryUnusableError(`GitHub refused the request on ${where}: ${says}`);
  }
  return new GitHubUpstreamError(`GitHub answered ${says} for ${where}`);
}

/** GitHub review state → ours. */
export function reviewStateOf(state: string): ReviewState | undefined {
  if (state === 'APPROVED') return 'approved';
  if (state === 'CHANGES_REQUESTED') return 'changes-requested';
  if (state === 'COMMENTED') return 'commented';
  return undefined;
}

/** The fields of a GitHub repository Berth reads. */
export interface RepoData {
  name: string;
  default_branch?: string;
  description?: string | null;
  clone_url?: string;
  created_at?: string | null;
}

/** A GitHub repository as a {@link RepositoryInfo}. */
export function toRepository(data: RepoData): RepositoryInfo {
  return {
    name: data.name,
    defaultBranch: data.default_branch ?? 'main',
    description: data.description ?? '',
    cloneUrl: data.clone_url ?? '',
    ...(data.created_at ? { createdAt: data.created_at } : {}),
  };
}

/** The fields of a GitHub pull request Berth reads. */
export interface PullData {
  number: number;
  title: string;
  body: string | null;
  state: string;
  head: { ref: string; sha: string };
  base: { ref: string };
  user: { login: string } | null;
  merged_at: string | null;
  closed_at: string | null;
  merge_commit_sha: string | null;
  merged_by?: { login: string } | null;
  created_at: string;
  updated_at: string;
  html_url: string;
}

/** A pull request as a {@link ChangeRequest}. */
export function toChangeRequest(repository: string, p: PullData): ChangeRequest {
  const state = p.state === 'open' ? 'open' : p.merged_at ? 'merged' : 'closed';
  return {
    repository,
    number: p.number,
    title: p.title,
    description: p.body ?? '',
    sourceBranch: p.head.ref,
    targetBranch: p.base.ref,
    author: p.user?.login ?? 'unknown',
    state,
    sourceSha: p.head.sha,
    ...(state === 'merged' && p.merge_commit_sha ? { mergeSha: p.merge_commit_sha } : {}),
    ...(p.merged_by ? { mergedBy: p.merged_by.login } : {}),
    ...(p.merged_at ? { mergedAt: p.merged_at } : {}),
    ...(state === 'closed' && p.closed_at ? { closedAt: p.closed_at } : {}),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    url: p.html_url,
  };
}

/** A pull request file as a {@link FileDiff} with a unified diff header. */
export function toFileDiff(f: {
  filename: string;
  status: string;
  patch?: string;
  previous_filename?: string;
}): FileDiff {
  const status =
    f.status === 'added'
      ? 'added'
      : f.status === 'removed'
        ? 'deleted'
        : f.status === 'renamed'
          ? 'renamed'
          : 'modified';
  const header = `diff --git a/${f.previous_filename ?? f.filename} b/${f.filename}\n`;
  return {
    path: f.filename,
    ...(f.previous_filename ? { oldPath: f.previous_filename } : {}),
    status,
    patch: f.patch
      ? `${header}--- ${status === 'added' ? '/dev/null' : `a/${f.previous_filename ?? f.filename}`}\n+++ ${status === 'deleted' ? '/dev/null' : `b/${f.filename}`}\n${f.patch}\n`
      : '',
  };
}
