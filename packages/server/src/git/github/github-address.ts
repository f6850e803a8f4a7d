/**
 * How Berth names a GitHub repository: users write its web URL in an environment
 * (`https://github.com/acme/shop-apps`, `github.com/acme/shop-apps`, either with `.git`), Berth
 * keeps it as a repository key `github:<owner>:<repo>` — URL-safe, so the change-request routes
 * address it as `/workspaces/:ws/git/repositories/github:acme:shop-apps/…`, and never an
 * embedded repository name (those have no colon).
 */

/** A GitHub repository. */
export interface GitHubRepositoryRef {
  owner: string;
  repo: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^(?!\.+$)[A-Za-z0-9._-]{1,100}$/;
const KEY = /^github:([^:/]+):([^:/]+)$/;

/** True for a GitHub user or organization name. */
export function isGitHubOwner(owner: string): boolean {
  return OWNER.test(owner);
}

/** True for a GitHub repository name. */
export function isGitHubRepositoryName(repo: string): boolean {
  return REPO.test(repo);
}

function refOf(owner: string, repo: string): GitHubRepositoryRef | undefined {
  const name = repo.endsWith('.git') ? repo.slice(0, -4) : repo;
  return isGitHubOwner(owner) && isGitHubRepositoryName(name) ? { owner, repo: name } : undefined;
}

/**
 * The GitHub repository a URL names — `https://<host>/<owner>/<repo>[.git]` or
 * `<host>/<owner>/<repo>[.git]`, where host is github.com or the host of `webUrl` (GitHub
 * Enterprise, whose path prefix is kept) — or undefined when it names none.
 */
export function parseGitHubUrl(value: string, webUrl = 'https://github.com'): GitHubRepositoryRef | undefined {
  const text = value.trim().replace(/\/+$/, '');
  const withScheme = /^[a-z]+:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.search || url.hash) return undefined;
  const web = new URL(webUrl);
  const bases = [{ host: 'github.com', path: '' }, { host: web.host.toLowerCase(), path: web.pathname.replace(/\/+$/, '') }];
  for (const base of bases) {
    if (url.host.toLowerCase() !== base.host || !url.pathname.startsWith(`${base.path}/`)) continue;
    const parts = url.pathname.slice(base.path.length + 1).split('/');
    if (parts.length === 2) return refOf(parts[0]!, parts[1]!);
  }
  return undefined;
}

/** `github:<owner>:<repo>`. */
export function gitHubKey(ref: GitHubRepositoryRef): string {
  return `github:${ref.owner}:${ref.repo}`;
}

/** The GitHub repository of a repository key, or undefined for an embedded repository name. */
export function gitHubRefOfKey(key: string): GitHubRepositoryRef | undefined {
  const match = KEY.exec(key);
  return match ? refOf(match[1]!, match[2]!) : undefined;
}

/** `https://github.com/<owner>/<repo>.git` (the GitHub Enterprise base when configured). */
export function gitHubCloneUrl(ref: GitHubRepositoryRef, webUrl = 'https://github.com'): string {
  return `${webUrl.replace(/\/+$/, '')}/${ref.owner}/${ref.repo}.git`;
}

/** `https://github.com/<owner>/<repo>` (for messages). */
export function gitHubWebUrl(ref: GitHubRepositoryRef, webUrl = 'https://github.com'): string {
  return `${webUrl.replace(/\/+$/, '')}/${ref.owner}/${ref.repo}`;
}

/** The admin route that sets a repository's credentials, and the owner's. */
export function credentialRoutes(ref: GitHubRepositoryRef): { repository: string; owner: string } {
  const owner = `/api/v1/git/github/owners/${ref.owner}/credentials`;
  return { owner, repository: `/api/v1/git/github/owners/${ref.owner}/repositories/${ref.repo}/credentials` };
}
