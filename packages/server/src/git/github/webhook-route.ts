import type { FastifyInstance } from 'fastify';
import { UnauthenticatedError } from '../../http/errors.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import type { GitEventHub } from '../events.js';
import { GitHubCredentialStore } from './credentials.js';
import { gitEventOf, verifyGitHubSignature } from './webhooks.js';

/** Path of GitHub's webhook endpoint, under `/api/v1`. */
export const GITHUB_WEBHOOK_PATH = '/git/github/webhooks';

/**
 * `POST /api/v1/git/github/webhooks`: GitHub calls it (public, no Berth credentials); the
 * `X-Hub-Signature-256` of the exact body must match the webhook secret stored for the
 * repository (or its owner), or the request is refused with 401. A merged pull request or a
 * branch push is published on the hub; other events are acknowledged and ignored (202).
 */
export async function registerGitHubWebhookRoute(
  app: FastifyInstance,
  deps: { secrets: SecretStore; events: GitEventHub },
): Promise<void> {
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      GITHUB_WEBHOOK_PATH,
      {
        config: { authorize: { public: true, action: 'git.webhook', kind: 'git' } },
        schema: { hide: true },
      },
      async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        let payload: { repository?: { name?: string; owner?: { login?: string } } };
        try {
          payload = JSON.parse(raw.toString('utf8')) as typeof payload;
        } catch {
          throw new UnauthenticatedError('the webhook signature does not match');
        }
        // GitHub always sends an object; anything else cannot name a repository to verify against.
        if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
          throw new UnauthenticatedError('the webhook signature does not match');
        }
        const owner = payload.repository?.owner?.login;
        const repository = payload.repository?.name;
        const credentials =
          owner && repository
            ? await new GitHubCredentialStore({ secrets: deps.secrets, owner }).get(repository)
            : undefined;
        const signature = request.headers['x-hub-signature-256'];
        if (
          !credentials?.webhookSecret ||
          !verifyGitHubSignature(
            credentials.webhookSecret,
            raw,
            typeof signature === 'string' ? signature : undefined,
          )
        )
          throw new UnauthenticatedError('the webhook signature does not match');
        const name = request.headers['x-github-event'];
        const event = gitEventOf(typeof name === 'string' ? name : undefined, payload);
        if (!event) return reply.code(202).send({ accepted: false });
        await deps.events.publish({ ...event, provider: 'github', ...(owner ? { owner } : {}) });
        return reply.code(202).send({ accepted: true });
      },
    );
  });
}
