/** Errors of Berth's GitHub integration, each a problem with a message saying what to do. */
import { DomainError } from '../../http/errors.js';
import { credentialRoutes, type GitHubRepositoryRef } from './github-address.js';

/** The repository cannot be used as asked (no credentials, does not exist on GitHub) — 422. */
export class GitHubRepositoryUnusableError extends DomainError {
  readonly status = 422;
  readonly title = 'Invalid document';
}

/** GitHub refused Berth's credentials, or did not answer as expected — 502. */
export class GitHubUpstreamError extends DomainError {
  readonly status = 502;
  readonly title = 'Bad gateway';
}

/** No credentials for a repository nor its owner. */
export function missingCredentials(ref: GitHubRepositoryRef): GitHubRepositoryUnusableError {
  const routes = credentialRoutes(ref);
  return new GitHubRepositoryUnusableError(
    `no GitHub credentials for ${ref.owner}/${ref.repo}: a platform admin adds them with PUT ${routes.repository} ` +
      `(or PUT ${routes.owner} for all of ${ref.owner}'s repositories), with a token or GitHub App credentials and the workspaces allowed to deliver to it`,
  );
}
