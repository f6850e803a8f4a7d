import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AppJwtCheck, appJwtProblem } from './github-app-jwt.js';

/** One recorded GitHub REST exchange: the request it answers and the response replayed. */
export interface RecordedExchange {
  method: string;
  /** Path and query as GitHub received it, e.g. `/repos/acme/shop-apps/pulls/7/files?per_page=100`. */
  path: string;
  status: number;
  body?: unknown;
}

/** A request the fake received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: unknown;
  /** The status the fake answered. */
  status: number;
}

/**
 * A recorded HTTP fake of GitHub's REST API: a local server that replays recorded responses for
 * the calls made (matched on method, path and query; exchanges with the same key are replayed in
 * order, the last one repeating). Unknown calls get 501 and are listed in `unmatched`, so a test
 * fails loudly when the provider makes a call nobody recorded. GitHub itself is not reachable
 * from our machines; this is how the `github` provider is tested.
 *
 * With `app`, calls under `/app/` (the installation-token exchange) must carry a GitHub App JWT
 * that GitHub would accept (RS256 by the app's key, `iss`, `iat`/`exp` within 10 minutes);
 * otherwise the fake answers 401 as GitHub does.
 */
export class GitHubFake {
  readonly received: ReceivedRequest[] = [];
  readonly unmatched: string[] = [];
  readonly #queues = new Map<string, RecordedExchange[]>();
  #server: Server | undefined;

  constructor(
    exchanges: readonly RecordedExchange[],
    private readonly options: { app?: AppJwtCheck } = {},
  ) {
    for (const e of exchanges) {
      const key = keyOf(e.method, e.path);
      this.#queues.set(key, [...(this.#queues.get(key) ?? []), e]);
    }
  }

  /** Loads a recording file (a JSON array of {@link RecordedExchange}). */
  static fromFile(file: string): GitHubFake {
    return new GitHubFake(GitHubFake.load(file));
  }

  /** The exchanges of a recording file, to combine several into one fake. */
  static load(file: string): RecordedExchange[] {
    return JSON.parse(readFileSync(file, 'utf8')) as RecordedExchange[];
  }

  /** Starts on 127.0.0.1 and returns the base URL to give Octokit. */
  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '/';
        const key = keyOf(req.method ?? 'GET', path);
        const answer = (status: number, body: unknown) => {
          this.received.push({
            method: req.method ?? 'GET',
            path: decodeURIComponent(path),
            ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
            ...(text ? { body: JSON.parse(text) as unknown } : {}),
            status,
          });
          res
            .writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
            .end(body === undefined ? '' : JSON.stringify(body));
        };
        if (this.options.app && path.startsWith('/app/')) {
          const problem = appJwtProblem(req.headers.authorization, this.options.app);
          if (problem)
            return answer(401, { message: problem, documentation_url: 'https://docs.github.com/rest' });
        }
        const queue = this.#queues.get(key);
        const exchange = queue && (queue.length > 1 ? queue.shift() : queue[0]);
        if (!exchange) {
          this.unmatched.push(key);
          return answer(501, { message: `not recorded: ${key}` });
        }
        return answer(exchange.status, exchange.body);
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address() as { port: number };
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }
}

function keyOf(method: string, rawPath: string): string {
  const [path, query = ''] = decodeURIComponent(rawPath).split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.sort();
  const sorted = params.toString();
  return `${method.toUpperCase()} ${path}${sorted ? `?${sorted}` : ''}`;
}
