import { z } from 'zod';

/** An embedded repository as the API shows it. */
export const repositorySchema = z.object({
  name: z.string(),
  defaultBranch: z.string(),
  description: z.string(),
  cloneUrl: z.string(),
  workspace: z.string().optional(),
  createdAt: z.string().optional(),
});

/**
 * A repository as the workspace's list shows it: an embedded one, or a GitHub one (named
 * `github:<owner>:<repo>`, with its web `url`; GitHub is not asked, so no default branch).
 */
export const repositoryListItemSchema = repositorySchema.extend({
  provider: z.enum(['embedded', 'github']),
  defaultBranch: z.string().optional().describe('absent for GitHub repositories (read the repository for it)'),
  url: z.string().optional().describe('the repository’s web page, for GitHub repositories'),
});

/** Body of `POST /workspaces/:workspace/git/repositories`. */
export const createRepositorySchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/),
  description: z.string().max(2000).optional(),
  defaultBranch: z.string().min(1).max(250).optional(),
});

/** A branch. */
export const branchSchema = z.object({ name: z.string(), sha: z.string() });

/** Body of `POST …/change-requests`. */
export const openChangeRequestSchema = z.strictObject({
  title: z.string().min(1).max(300),
  description: z.string().max(100_000).default(''),
  sourceBranch: z.string().min(1).max(250),
  targetBranch: z.string().min(1).max(250).optional(),
});

const checkStatus = z.enum(['pending', 'success', 'failure', 'error']);
const reviewState = z.enum(['approved', 'changes-requested', 'commented']);

/** The application environment a change request delivers. */
export const deliveredAppSchema = z.object({
  workspace: z.string(),
  name: z.string(),
  environment: z.string(),
});

/** A change request. */
export const changeRequestSchema = z.object({
  repository: z.string(),
  number: z.number().int(),
  title: z.string(),
  description: z.string(),
  sourceBranch: z.string(),
  targetBranch: z.string(),
  author: z.string(),
  state: z.enum(['open', 'merged', 'closed']),
  sourceSha: z.string(),
  mergeSha: z.string().optional(),
  mergedBy: z.string().optional(),
  mergedAt: z.string().optional(),
  closedAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  url: z.string().optional(),
  app: deliveredAppSchema.optional().describe('the application environment it delivers, when known'),
});

/** A change request as listed: with its checks' names and states. */
export const changeRequestListItemSchema = changeRequestSchema.extend({
  checks: z.array(z.object({ name: z.string(), status: checkStatus })),
});

/** A check (e.g. the validation result) on a change request. */
export const checkSchema = z.object({
  name: z.string().min(1).max(100),
  status: checkStatus,
  summary: z.string().max(2000),
  updatedAt: z.string().optional(),
});

/** A comment. */
export const commentSchema = z.object({
  id: z.string(),
  author: z.string(),
  body: z.string(),
  createdAt: z.string(),
});

/** A review. */
export const reviewSchema = z.object({
  reviewer: z.string(),
  state: reviewState,
  body: z.string(),
  createdAt: z.string(),
});

/** A change request with diff, comments, reviews, checks and mergeability. */
export const changeRequestDetailSchema = changeRequestSchema.extend({
  diff: z.array(
    z.object({
      path: z.string(),
      oldPath: z.string().optional(),
      status: z.enum(['added', 'modified', 'deleted', 'renamed']),
      patch: z.string(),
    }),
  ),
  comments: z.array(commentSchema),
  reviews: z.array(reviewSchema),
  approvals: z.array(z.string()),
  checks: z.array(checkSchema),
  mergeable: z.boolean().nullable(),
  conflicts: z.array(z.string()),
  fastForward: z
    .boolean()
    .nullable()
    .describe('whether a fast-forward merge is possible; null when not open or unknown'),
});

/** Body of `POST …/reviews`. */
export const reviewInputSchema = z.strictObject({
  state: reviewState,
  body: z.string().max(100_000).optional(),
});

/** Body of `POST …/merge`. */
export const mergeInputSchema = z.strictObject({
  method: z.enum(['fast-forward', 'merge-commit']).default('merge-commit'),
  message: z.string().max(10_000).optional(),
});

/** A repository read token (the token appears only in the creation response). */
export const readTokenSchema = z.object({
  id: z.string(),
  repository: z.string(),
  name: z.string(),
  createdAt: z.string(),
  revoked: z.boolean(),
  token: z.string().optional(),
});
