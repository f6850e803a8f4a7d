import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a git host told Berth happened (from a webhook). */
export type GitEvent =
  | {
      type: 'change-request-merged';
      repository: string;
      number: number;
      targetBranch: string;
      /** The commit the target branch points at after the merge. */
      mergeSha: string;
      mergedBy?: string;
    }
  | { type: 'push'; repository: string; branch: string; before: string; after: string; pusher?: string };

/**
 * True when `signatureHeader` (`X-Hub-Signature-256: sha256=<hex>`) is the HMAC-SHA256 of the
 * exact request bytes with `secret`. Compared in constant time; anything malformed is false.
 */
export function verifyGitHubSignature(
  secret: string,
  body: Buffer,
  signatureHeader: string | undefined,
): boolean {
  if (!secret || !signatureHeader?.startsWith('sha256=')) return false;
  const given = Buffer.from(signatureHeader.slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The `X-Hub-Signature-256` value for `body` (what GitHub sends; used by tests and the fake). */
export function signGitHubPayload(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

interface PullRequestPayload {
  action?: string;
  number?: number;
  repository?: { name?: string; full_name?: string };
  pull_request?: {
    number?: number;
    merged?: boolean;
    merge_commit_sha?: string | null;
    base?: { ref?: string };
    merged_by?: { login?: string } | null;
  };
}

interface PushPayload {
  ref?: string;
  before?: string;
  after?: string;
  repository?: { name?: string };
  pusher?: { name?: string };
}

/**
 * Turns a GitHub webhook (`X-GitHub-Event` name and JSON payload) into a {@link GitEvent}:
 * `pull_request` closed with `merged: true`, and `push` to a branch. Everything else (opened,
 * closed unmerged, tag pushes, pings) is `undefined`.
 */
export function gitEventOf(eventName: string | undefined, payload: unknown): GitEvent | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  if (eventName === 'pull_request') {
    const p = payload as PullRequestPayload;
    const pr = p.pull_request;
    if (p.action !== 'closed' || !pr?.merged || !pr.merge_commit_sha || !p.repository?.name || !pr.base?.ref)
      return undefined;
    return {
      type: 'change-request-merged',
      repository: p.repository.name,
      number: pr.number ?? p.number ?? 0,
      targetBranch: pr.base.ref,
      mergeSha: pr.merge_commit_sha,
      ...(pr.merged_by?.login ? { mergedBy: pr.merged_by.login } : {}),
    };
  }
  if (eventName === 'push') {
    const p = payload as PushPayload;
    if (!p.ref?.startsWith('refs/heads/') || !p.repository?.name || !p.after || !p.before) return undefined;
    return {
      type: 'push',
      repository: p.repository.name,
      branch: p.ref.slice('refs/heads/'.length),
      before: p.before,
      after: p.after,
      ...(p.pusher?.name ? { pusher: p.pusher.name } : {}),
    };
  }
  return undefined;
}
