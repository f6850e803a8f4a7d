import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, UnauthenticatedError } from '../http/errors.js';
import type { Authorizer, Subject } from '../iam/authorizer.js';
import { TOKEN_PREFIX } from '../iam/credentials.js';
import { REPOSITORY_NAME } from './embedded/embedded-provider.js';
import type { RepositoryReadTokens } from './embedded/read-tokens.js';
import { safeGitEnv, SAFE_GIT_CONFIG } from './git-cli.js';

/** Action the authorizer decides for a git read (a workspace viewer may read). */
export const GIT_READ_ACTION = 'gitrepos.read';

/** What smart HTTP needs. */
export interface GitHttpDeps {
  /** `GIT_PROJECT_ROOT`: the directory of `<name>.git` bare repositories. */
  root: string;
  /** The owning workspace of a repository (`null`: platform-owned), `undefined` when unknown. */
  workspaceOf(repository: string): Promise<string | null | undefined>;
  /** Resolves a Berth personal access token to its user (throws 401 when it is bad). */
  authenticate(credentials: { bearer: string }): Promise<Subject | undefined>;
  authorizer: Authorizer;
  readTokens: RepositoryReadTokens;
}

const REALM = 'Basic realm="Berth", charset="UTF-8"';

/**
 * Serves `/git/<name>.git/*` read-only over git smart HTTP by running `git http-backend` as a
 * CGI. Clients authenticate with HTTP Basic, the password being a Berth personal access token
 * (the user needs read access to the repository's workspace) or a repository read token.
 * Pushes (`git-receive-pack`) are refused with 403.
 *
 * Mount it on the root Fastify instance (not under `/api/v1`).
 */
export async function registerGitHttp(app: FastifyInstance, deps: GitHttpDeps): Promise<void> {
  await app.register(async (scope) => {
    // Keep the body as a stream for the CGI: the upload-pack request goes straight to git.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.route({
      method: ['GET', 'POST'],
      url: '/git/*',
      config: { authorize: { public: true } },
      schema: { hide: true },
      handler: (request, reply) => serve(request, reply, deps),
    });
  });
}

async function serve(request: FastifyRequest, reply: FastifyReply, deps: GitHttpDeps): Promise<void> {
  const [pathname, query = ''] = request.url.split('?', 2) as [string, string?];
  const match = /^\/git\/([^/]+)\.git(\/.*)?$/.exec(pathname);
  const name = match?.[1];
  if (!match || !name || !REPOSITORY_NAME.test(name)) return text(reply, 404, 'repository not found\n');
  const rest = match[2] ?? '/';
  const service = new URLSearchParams(query).get('service');
  if (service === 'git-receive-pack' || rest.endsWith('/git-receive-pack'))
    return text(
      reply,
      403,
      'this repository is read-only over HTTP: change it through a change request in Berth\n',
    );

  const workspace = await deps.workspaceOf(name);
  let user: string;
  try {
    const result = await authorize(request, deps, name, workspace);
    if (result === 'challenge') {
      reply.header('www-authenticate', REALM);
      return text(reply, 401, 'authentication required: use a Berth access token as the password\n');
    }
    if (result === 'not-found') return text(reply, 404, 'repository not found\n');
    if (typeof result !== 'string') return text(reply, 403, `${result.reason}\n`);
    user = result;
  } catch (error) {
    if (error instanceof UnauthenticatedError) {
      reply.header('www-authenticate', REALM);
      return text(reply, 401, `${error.message}\n`);
    }
    if (error instanceof DomainError) return text(reply, error.status, `${error.message}\n`);
    throw error;
  }
  reply.hijack();
  runBackend(request.raw, reply.raw, deps.root, {
    PATH_INFO: `/${name}.git${rest}`,
    QUERY_STRING: query,
    REQUEST_METHOD: request.method,
    CONTENT_TYPE: header(request, 'content-type'),
    HTTP_CONTENT_ENCODING: header(request, 'content-encoding'),
    GIT_PROTOCOL: header(request, 'git-protocol'),
    REMOTE_USER: user,
    REMOTE_ADDR: request.ip,
  });
}

/** Who may read: a user name, `'challenge'` (no credentials), `'not-found'` or a refusal. */
async function authorize(
  request: FastifyRequest,
  deps: GitHttpDeps,
  name: string,
  workspace: string | null | undefined,
): Promise<string | 'challenge' | 'not-found' | { reason: string }> {
  const password = basicPassword(request.headers.authorization);
  if (password === undefined) return 'challenge';
  if (workspace === undefined) return 'not-found';
  if (password.startsWith(TOKEN_PREFIX)) {
    const subject = await deps.authenticate({ bearer: password });
    if (!subject) return 'challenge';
    const resource = { kind: 'gitrepos', name, ...(workspace ? { workspace } : {}) };
    const decision = await deps.authorizer.can(subject, GIT_READ_ACTION, resource);
    if (decision.allowed) return subject.username;
    if (workspace) {
      const visible = await deps.authorizer.can(subject, 'workspaces.read', {
        kind: 'workspaces',
        workspace,
      });
      if (!visible.allowed) return 'not-found';
    }
    return { reason: decision.reason };
  }
  const tokenName = await deps.readTokens.verify(name, password);
  if (tokenName !== undefined) return `token:${tokenName}`;
  throw new UnauthenticatedError('the token is unknown, revoked, or not valid for this repository');
}

function basicPassword(value: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon < 0 ? decoded : decoded.slice(colon + 1);
  return password === '' ? undefined : password;
}

function header(request: FastifyRequest, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

function text(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').send(body);
}

/** Runs `git http-backend` and relays its CGI response: `Status:` header, other headers, streamed body. */
function runBackend(
  input: IncomingMessage,
  output: ServerResponse,
  root: string,
  cgi: Record<string, string>,
): void {
  const child = spawn(
    'git',
    [...SAFE_GIT_CONFIG, '-c', 'http.receivepack=false', '-c', 'uploadpack.allowFilter=true', 'http-backend'],
    {
      env: safeGitEnv({
        ...cgi,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        GATEWAY_INTERFACE: 'CGI/1.1',
      }),
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  child.stderr.resume();
  input.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  output.on('close', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      if (!output.write(chunk)) {
        child.stdout.pause();
        output.once('drain', () => child.stdout.resume());
      }
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = headerEnd(head);
    if (!end) return;
    const { status, headers } = parseCgiHeaders(head.subarray(0, end.at).toString('latin1'));
    output.writeHead(status, headers);
    headersSent = true;
    const body = head.subarray(end.at + end.length);
    if (body.length > 0) output.write(body);
  });
  child.on('close', (code) => {
    if (!headersSent) {
      output.writeHead(500, { 'content-type': 'text/plain' });
      output.end(code === 0 ? '' : 'git http-backend failed\n');
      return;
    }
    output.end();
  });
  child.on('error', () => {
    if (!headersSent) output.writeHead(500);
    output.end();
  });
}

function headerEnd(buffer: Buffer): { at: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, length: 4 };
  if (lf >= 0) return { at: lf, length: 2 };
  return undefined;
}

/** Parses CGI response headers; `Status: 404 Not Found` sets the status (default 200). */
export function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'status') status = Number.parseInt(value, 10) || 200;
    else headers[key] = value;
  }
  return { status, headers };
}
