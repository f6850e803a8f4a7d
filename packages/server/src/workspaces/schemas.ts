import { z } from 'zod';
import { WORKSPACE_ROLES } from '../iam/authorizer.js';

/** A DNS label (RFC 1123): lower-case letters, digits and `-`, 1–63 characters. */
export const dnsLabelSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must be a DNS label: lower-case letters, digits and "-", starting and ending with a letter or digit',
  );

/** A workspace as the API shows it. */
export const workspaceSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  description: z.string(),
  resourceVersion: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A workspace. */
export type Workspace = z.infer<typeof workspaceSchema>;

/** Body of `POST /workspaces`. */
export const createWorkspaceSchema = z.strictObject({
  name: dnsLabelSchema,
  displayName: z.string().min(1).max(200).optional(),
  description: z.string().max(2000).default(''),
});

/** Body of `PATCH /workspaces/:workspace`. */
export const updateWorkspaceSchema = z.strictObject({
  displayName: z.string().min(1).max(200).optional(),
  description: z.string().max(2000).optional(),
  resourceVersion: z.string().min(1).optional(),
});

/** A member of a workspace. */
export const memberSchema = z.object({
  username: z.string(),
  role: z.enum(WORKSPACE_ROLES),
  since: z.string(),
});

/** A member. */
export type Member = z.infer<typeof memberSchema>;

/** A namespace on a cluster that belongs to a workspace. */
export const namespaceBindingSchema = z.object({
  cluster: dnsLabelSchema,
  namespace: dnsLabelSchema,
});

/** A namespace binding. */
export type NamespaceBinding = z.infer<typeof namespaceBindingSchema>;
