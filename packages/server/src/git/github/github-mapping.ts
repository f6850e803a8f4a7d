import { ConflictError, NotFoundError } from '../../http/errors.js';
import type { ChangeRequest, FileDiff, RepositoryInfo, ReviewState } from '../provider.js';

/** Maps an Octokit error to a domain error (404 → NotFound; 405/409/422 → Conflict). */
export function mapError(error: unknown, repository: string | undefined): unknown {
  const status = (error as { status?: number }).status;
  const message = (error as { message?: string }).message ?? 'GitHub request failed';
  if (typeof status !== 'number' || error instanceof NotFoundError || error instanceof ConflictError)
    return error;
  if (status === 404)
    return new NotFoundError(`not found on GitHub${repository ? ` (${repository})` : ''}: ${message}`);
  if (status === 405 || status === 409 || status === 422)
    return new ConflictError(`GitHub refused: ${message}`);
  return error;
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
