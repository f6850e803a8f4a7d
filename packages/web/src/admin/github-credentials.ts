/**
 * The GitHub credentials form's values, the PUT body they make, and where the server's field
 * problems go. Pure, so the rules are tested without rendering.
 */
import { formFieldErrors } from '../api/problem.js';
import type { GitHubCredentialsInput, GitHubCredentialsRecord } from '../api/types.js';

/** What the form holds: the record's owner and repository (empty: the owner's), and the credentials. */
export interface CredentialsFormValues {
  owner: string;
  repo?: string;
  kind: 'token' | 'app';
  token?: string;
  app?: { appId?: number; installationId?: number; privateKey?: string };
  webhookSecret?: string;
  workspaces: string[];
}

/** The form's fields, by path, as the server names them. */
export const CREDENTIALS_FIELDS = [
  'owner',
  'repo',
  'token',
  'app.appId',
  'app.installationId',
  'app.privateKey',
  'webhookSecret',
  'workspaces',
] as const;

/** The body of `PUT …/credentials`: the chosen kind's secret only; the webhook secret when given. */
export function credentialsBody(values: CredentialsFormValues): GitHubCredentialsInput {
  const webhookSecret = values.webhookSecret?.trim() ? { webhookSecret: values.webhookSecret } : {};
  const workspaces = values.workspaces ?? [];
  if (values.kind === 'app')
    return {
      app: {
        appId: Number(values.app?.appId),
        installationId: Number(values.app?.installationId),
        privateKey: values.app?.privateKey ?? '',
      },
      ...webhookSecret,
      workspaces,
    };
  return { token: values.token ?? '', ...webhookSecret, workspaces };
}

/** The form values to edit a record with: its IDs and grants; never a secret (the API has none). */
export function valuesOf(record: GitHubCredentialsRecord): CredentialsFormValues {
  return {
    owner: record.owner,
    ...(record.repository ? { repo: record.repository } : {}),
    kind: record.kind,
    ...(record.kind === 'app'
      ? { app: { ...(record.appId ? { appId: record.appId } : {}), ...(record.installationId ? { installationId: record.installationId } : {}) } }
      : {}),
    workspaces: record.workspaces,
  };
}

/**
 * The server's field problems as form field errors, each next to its field: `workspaces[2]`
 * goes to the workspaces picker; fields the form does not have are left for the summary.
 */
export function credentialsFieldErrors(error: unknown): Array<{ name: Array<string | number>; errors: string[] }> {
  const merged = new Map<string, { name: Array<string | number>; errors: string[] }>();
  for (const field of formFieldErrors(error)) {
    const name = field.name[0] === 'workspaces' ? ['workspaces'] : field.name;
    const key = name.join('.');
    if (!(CREDENTIALS_FIELDS as readonly string[]).includes(key)) continue;
    const entry = merged.get(key) ?? { name, errors: [] };
    entry.errors.push(...field.errors);
    merged.set(key, entry);
  }
  return [...merged.values()];
}
