import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** Log levels pino understands, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The validated configuration of one Berth control plane process. */
export interface Config {
  host: string;
  port: number;
  /** Absolute path of the data directory (SQLite file, master key, git repositories). */
  dataDir: string;
  /** `postgres://…` switches the store to PostgreSQL; otherwise SQLite in the data dir. */
  databaseUrl?: string;
  /** 32-byte master key (base64 or hex); generated into the data dir when absent. */
  masterKey?: string;
  adminPassword?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  kubeconfig?: string;
  sandbox: 'auto' | 'off';
  /** The URL users reach Berth at; `https://` makes session cookies `Secure`. */
  publicUrl?: string;
  maxBodyBytes: number;
  sessionTtlSeconds: number;
  /**
   * IPs/CIDRs of the reverse proxies whose `X-Forwarded-For` / `-Proto` / `-Host` Berth
   * believes (Fastify's `trustProxy`); empty: none, the peer address is the client's.
   */
  trustProxy: string[];
  /** Hosts/CIDRs validate-repo may reach although they are private or loopback (admin allowlist). */
  repoCheckAllow: string[];
  /** Allow plain http for allowlisted validate-repo hosts. */
  repoCheckAllowHttp: boolean;
  /** Hosts/CIDRs webhook steps may call although they are private or loopback (admin allowlist). */
  webhookAllow: string[];
  /** OIDC issuer URL; setting it turns on single sign-on (needs `oidcClientId` and `publicUrl`). */
  oidcIssuer?: string;
  oidcClientId?: string;
  /** Never logged nor echoed in configuration errors. */
  oidcClientSecret?: string;
  /** The name of the sign-in button in the console. */
  oidcName: string;
  oidcScopes: string[];
  /** The claim that names the Berth user; `email`, then `sub`, when it is absent. */
  oidcUsernameClaim: string;
  oidcGroupsClaim: string;
  /** Members of any of these groups become platform admins at each sign-in. */
  oidcAdminGroups: string[];
  /**
   * Bearer token a Prometheus scraper may present at `/metrics` instead of a platform admin's
   * credentials. Never logged nor echoed in configuration errors.
   */
  metricsToken?: string;
  /**
   * The per-cluster watcher Lease (one replica records each cluster's application health):
   * how long others wait, from its last renewal they saw, before taking it over (whole seconds).
   */
  leaderLeaseSeconds: number;
  /** The leader steps down when it could not renew its Lease for this long (less than the lease). */
  leaderRenewDeadlineSeconds: number;
  /** Time between attempts to acquire or renew the Lease (renew deadline > 1.2 × this). */
  leaderRetrySeconds: number;
  /** GitHub's web base (GitHub Enterprise: `https://ghe.example.com`): repository URLs and agents' clone URLs. */
  githubUrl: string;
  /** GitHub's REST API base (GitHub Enterprise: `https://ghe.example.com/api/v3`). */
  githubApiUrl: string;
}

/** Start-up refused: every line names a setting and what it expects. Printed without a stack. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

interface Setting {
  env: string;
  expects: string;
  schema: z.ZodType;
}

const optionalText = z.string().min(1);
const hostList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(',')).map((h) => h.trim()).filter((h) => h !== ''),
  )
  .default([]);
const booleanText = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((value) => value === true || value === 'true' || value === '1')
  .default(false);
const wordList = (fallback: string[]) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value) =>
      (Array.isArray(value) ? value : value.split(/[\s,]+/)).map((w) => w.trim()).filter((w) => w !== ''),
    )
    .default(fallback);
/** proxy-addr's names for address ranges: 127/8 and ::1, 169.254/16 and fe80::/10, private ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
/** An IP, an IP/prefix (prefix 1 to 32 or 128; /0 would trust every client) or a range name. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (family === 4 ? 32 : 128);
}
const trustedProxies = z
  .union([z.literal(false), z.string(), z.array(z.string())])
  .transform((value) =>
    value === false || value === 'false'
      ? []
      : (Array.isArray(value) ? value : value.split(',')).map((a) => a.trim()).filter((a) => a !== ''),
  )
  .refine((addresses) => addresses.every(isProxyAddress))
  .default([]);
/** An https URL without query or fragment (http only for localhost / 127.0.0.1), trailing slashes dropped. */
const gitHubBase = (fallback: string) =>
  z
    .string()
    .regex(/^(https:\/\/[^\s?#]+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/[^\s?#]*)?)$/)
    .refine((value) => URL.canParse(value))
    .transform((value) => value.replace(/\/+$/, ''))
    .default(fallback);
const SETTINGS: Record<keyof Config, Setting> = {
  host: {
    env: 'BERTH_HOST',
    expects: 'a host name or IP address',
    schema: z.string().min(1).default('127.0.0.1'),
  },
  port: {
    env: 'BERTH_PORT',
    expects: 'an integer port between 0 and 65535',
    schema: z.coerce.number().int().min(0).max(65535).default(8080),
  },
  dataDir: {
    env: 'BERTH_DATA_DIR',
    expects: 'a directory path',
    schema: z.string().min(1).default('./data'),
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    expects: 'a postgres:// or postgresql:// URL (leave unset for SQLite)',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/)
      .optional(),
  },
  masterKey: {
    env: 'BERTH_MASTER_KEY',
    expects: '32 bytes as base64 (44 characters) or hex (64 characters)',
    schema: z
      .string()
      .refine((v) => decodeKey(v) !== undefined)
      .optional(),
  },
  adminPassword: {
    env: 'BERTH_ADMIN_PASSWORD',
    expects: 'a password of at least 8 characters',
    schema: z.string().min(8).optional(),
  },
  logLevel: {
    env: 'BERTH_LOG_LEVEL',
    expects: `one of ${LOG_LEVELS.join(', ')}`,
    schema: z.enum(LOG_LEVELS).default('info'),
  },
  kubeconfig: { env: 'BERTH_KUBECONFIG', expects: 'a kubeconfig file path', schema: optionalText.optional() },
  sandbox: { env: 'BERTH_SANDBOX', expects: 'auto or off', schema: z.enum(['auto', 'off']).default('auto') },
  publicUrl: {
    env: 'BERTH_PUBLIC_URL',
    expects: 'an http:// or https:// URL',
    schema: z
      .string()
      .regex(/^https?:\/\/[^\s]+$/)
      .optional(),
  },
  maxBodyBytes: {
    env: 'BERTH_MAX_BODY_BYTES',
    expects: 'a positive integer number of bytes',
    schema: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
  },
  sessionTtlSeconds: {
    env: 'BERTH_SESSION_TTL_SECONDS',
    expects: 'a positive integer number of seconds',
    schema: z.coerce
      .number()
      .int()
      .positive()
      .default(12 * 3600),
  },
  trustProxy: {
    env: 'BERTH_TRUST_PROXY',
    expects:
      "false, or a comma-separated list of the reverse proxies' IP addresses or CIDRs (e.g. 10.0.0.0/8,127.0.0.1; " +
      'also loopback, linklocal, uniquelocal) — not true nor a hop count, which would let any client forge X-Forwarded-For',
    schema: trustedProxies,
  },
  repoCheckAllow: {
    env: 'BERTH_REPOCHECK_ALLOW',
    expects: 'a comma-separated list of host names or CIDRs that validate-repo may reach although private',
    schema: hostList,
  },
  repoCheckAllowHttp: {
    env: 'BERTH_REPOCHECK_ALLOW_HTTP',
    expects: 'true or false (plain http for allowlisted hosts)',
    schema: booleanText,
  },
  webhookAllow: {
    env: 'BERTH_WEBHOOK_ALLOW',
    expects: 'a comma-separated list of host names or CIDRs that webhook steps may call although private',
    schema: hostList,
  },
  oidcIssuer: {
    env: 'BERTH_OIDC_ISSUER',
    expects: 'an https:// issuer URL (http:// only for localhost / 127.0.0.1)',
    schema: z
      .string()
      .regex(/^(https:\/\/[^\s]+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/[^\s]*)?)$/)
      .optional(),
  },
  oidcClientId: {
    env: 'BERTH_OIDC_CLIENT_ID',
    expects: 'the OIDC client id',
    schema: optionalText.optional(),
  },
  oidcClientSecret: {
    env: 'BERTH_OIDC_CLIENT_SECRET',
    expects: 'the OIDC client secret (leave unset for a public client)',
    schema: optionalText.optional(),
  },
  oidcName: {
    env: 'BERTH_OIDC_NAME',
    expects: 'the label of the sign-in button (1-60 characters)',
    schema: z.string().min(1).max(60).default('Single sign-on'),
  },
  oidcScopes: {
    env: 'BERTH_OIDC_SCOPES',
    expects: 'space- or comma-separated OAuth scopes including openid',
    schema: wordList(['openid', 'profile', 'email', 'groups']).refine((s) => s.includes('openid')),
  },
  oidcUsernameClaim: {
    env: 'BERTH_OIDC_USERNAME_CLAIM',
    expects: 'an ID token / userinfo claim name',
    schema: z.string().min(1).default('preferred_username'),
  },
  oidcGroupsClaim: {
    env: 'BERTH_OIDC_GROUPS_CLAIM',
    expects: 'an ID token / userinfo claim name',
    schema: z.string().min(1).default('groups'),
  },
  oidcAdminGroups: {
    env: 'BERTH_OIDC_ADMIN_GROUPS',
    expects: 'a comma-separated list of group names',
    schema: hostList,
  },
  metricsToken: {
    env: 'BERTH_METRICS_TOKEN',
    expects:
      'a scrape token of 32 to 512 visible ASCII characters without spaces (e.g. openssl rand -hex 32)',
    schema: z
      .string()
      .regex(/^[\x21-\x7e]{32,512}$/)
      .optional(),
  },
  leaderLeaseSeconds: {
    env: 'BERTH_LEADER_LEASE_SECONDS',
    expects: 'a whole number of seconds between 1 and 3600',
    schema: z.coerce.number().int().min(1).max(3600).default(15),
  },
  leaderRenewDeadlineSeconds: {
    env: 'BERTH_LEADER_RENEW_DEADLINE_SECONDS',
    expects: 'a positive number of seconds',
    schema: z.coerce.number().positive().max(3600).default(10),
  },
  leaderRetrySeconds: {
    env: 'BERTH_LEADER_RETRY_SECONDS',
    expects: 'a positive number of seconds',
    schema: z.coerce.number().positive().max(3600).default(2),
  },
  githubUrl: {
    env: 'BERTH_GITHUB_URL',
    expects: 'an https:// URL of GitHub (GitHub Enterprise: its web address; http:// only for localhost / 127.0.0.1)',
    schema: gitHubBase('https://github.com'),
  },
  githubApiUrl: {
    env: 'BERTH_GITHUB_API_URL',
    expects: 'an https:// URL of GitHub’s REST API (GitHub Enterprise: https://<host>/api/v3; http:// only for localhost / 127.0.0.1)',
    schema: gitHubBase('https://api.github.com'),
  },
};

const HIDDEN_VALUES = new Set([
  'masterKey',
  'adminPassword',
  'databaseUrl',
  'oidcClientSecret',
  'metricsToken',
]);

/** Decodes a master key given as base64 or hex; `undefined` unless it is exactly 32 bytes. */
export function decodeKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

/**
 * Reads the configuration: the optional file named by `BERTH_CONFIG` (YAML or JSON, keys as in
 * {@link Config}), then environment variables, which win. Throws {@link ConfigError}.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const file = env.BERTH_CONFIG ? readConfigFile(path.resolve(cwd, env.BERTH_CONFIG)) : {};
  const problems: string[] = [];
  for (const key of Object.keys(file)) {
    if (!(key in SETTINGS)) problems.push(`${env.BERTH_CONFIG}: unknown setting "${key}"`);
  }
  const values: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SETTINGS)) {
    const fromEnv = env[setting.env];
    const raw = fromEnv !== undefined && fromEnv !== '' ? fromEnv : file[key];
    const parsed = setting.schema.safeParse(raw);
    if (parsed.success) values[key] = parsed.data;
    else {
      const where = fromEnv ? setting.env : `${key} in ${env.BERTH_CONFIG} (or ${setting.env})`;
      const shown = HIDDEN_VALUES.has(key) ? '' : ` (got ${JSON.stringify(raw)})`;
      problems.push(`${where} must be ${setting.expects}${shown}`);
    }
  }
  if (values.oidcIssuer !== undefined) {
    if (values.oidcClientId === undefined)
      problems.push('BERTH_OIDC_CLIENT_ID must be set when BERTH_OIDC_ISSUER is');
    if (values.publicUrl === undefined)
      problems.push(
        'BERTH_PUBLIC_URL must be set when BERTH_OIDC_ISSUER is (it gives the OIDC redirect URI)',
      );
  }
  problems.push(...leaderElectionProblems(values));
  if (problems.length > 0) throw new ConfigError(problems);
  const config = values as unknown as Config;
  return { ...config, dataDir: path.resolve(cwd, config.dataDir) };
}

/** client-go's rules: lease duration > renew deadline > 1.2 × retry period. */
function leaderElectionProblems(values: Record<string, unknown>): string[] {
  const lease = values.leaderLeaseSeconds;
  const renew = values.leaderRenewDeadlineSeconds;
  const retry = values.leaderRetrySeconds;
  if (typeof lease !== 'number' || typeof renew !== 'number' || typeof retry !== 'number') return [];
  const problems: string[] = [];
  if (!(renew < lease))
    problems.push(`BERTH_LEADER_RENEW_DEADLINE_SECONDS (${renew}) must be less than BERTH_LEADER_LEASE_SECONDS (${lease})`);
  if (!(renew > 1.2 * retry))
    problems.push(`BERTH_LEADER_RENEW_DEADLINE_SECONDS (${renew}) must be more than 1.2 × BERTH_LEADER_RETRY_SECONDS (${retry})`);
  return problems;
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([
      `BERTH_CONFIG names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code})`,
    ]);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ConfigError([
      `BERTH_CONFIG file ${file} is not valid YAML or JSON: ${(error as Error).message}`,
    ]);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError([`BERTH_CONFIG file ${file} must hold a mapping of settings`]);
  }
  return parsed as Record<string, unknown>;
}
