import { usernameSchema } from '../users.js';
import type { OidcSettings } from './settings.js';

/** Who signed in, as Berth will record them. */
export interface OidcIdentity {
  /** The `sub` claim: with the issuer, the stable key of the account. */
  subject: string;
  /** A valid Berth user name derived from the username claim (then `email`, then `sub`). */
  username: string;
  displayName: string;
  email: string | null;
  groups: string[];
  /** True when one of the groups is an admin group. */
  platformAdmin: boolean;
}

const MAX_GROUPS = 500;
const MAX_GROUP_LENGTH = 256;

/**
 * Turns a claim value into a Berth user name: lower-case, runs of other characters become `-`
 * (`Alice@Example.com` → `alice-example.com`), trimmed to 63 characters. `undefined` if nothing
 * usable remains.
 */
export function accountNameOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return usernameSchema.safeParse(name).success ? name : undefined;
}

/** The groups claim as a list of strings (a lone string counts as one group). */
export function groupsOf(value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const groups = list.filter(
    (g): g is string => typeof g === 'string' && g.length > 0 && g.length <= MAX_GROUP_LENGTH,
  );
  return [...new Set(groups)].slice(0, MAX_GROUPS);
}

/**
 * Maps verified claims (ID token merged with userinfo) to an {@link OidcIdentity}; `undefined`
 * when no claim gives a usable user name.
 */
export function identityOf(
  claims: Record<string, unknown>,
  settings: Pick<OidcSettings, 'usernameClaim' | 'groupsClaim' | 'adminGroups'>,
): OidcIdentity | undefined {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject === '') return undefined;
  const username =
    accountNameOf(claims[settings.usernameClaim]) ?? accountNameOf(claims.email) ?? accountNameOf(subject);
  if (!username) return undefined;
  const groups = groupsOf(claims[settings.groupsClaim]);
  const name = typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name.trim() : username;
  return {
    subject,
    username,
    displayName: name.slice(0, 200),
    email: typeof claims.email === 'string' ? claims.email : null,
    groups,
    platformAdmin: groups.some((g) => settings.adminGroups.includes(g)),
  };
}
