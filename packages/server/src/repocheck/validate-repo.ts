import { z } from 'zod';
import type { GitProvider } from '../git/provider.js';
import { NotFoundError } from '../http/errors.js';
import type { DestinationPolicy } from './address-policy.js';
import { checkChart, readYaml } from './chart-checks.js';
import { checkKustomization } from './kustomize-checks.js';
import { joinRepoPath, type RepoProblem, type YamlFile } from './problems.js';
import { type CloneLimits, cloneRemote, providerFiles, type RepoFiles } from './repo-files.js';
import { compileValuesSchema, validateValues } from './values-schema.js';

const relativePath = z
  .string()
  .max(500)
  .refine((p) => joinRepoPath(p) !== undefined && !p.startsWith('/'), 'a path inside the repository');

/** Input of {@link validateRepo}: which repository, which chart, which environments. */
export const validateRepoInputSchema = z.strictObject({
  repo: z.union([
    z.strictObject({
      url: z.string().max(2000).describe('https:// URL of the target repository'),
      ref: z.string().max(250).optional().describe('branch or tag (default: the remote HEAD)'),
      token: z.string().max(1000).optional().describe('token for a private repository; never stored'),
    }),
    z.strictObject({
      embedded: z.string().max(100).describe('name of an embedded repository of the workspace'),
      ref: z.string().max(250).optional(),
    }),
  ]),
  chartPath: relativePath.default('.'),
  environments: z.array(z.string().min(1).max(63)).max(50).default([]),
  layout: z
    .strictObject({
      overlays: z
        .string()
        .max(500)
        .default('overlays/{env}/values.yaml')
        .describe('where each environment’s values overlay lives, relative to the chart; {env} is replaced'),
    })
    .optional(),
  kustomizations: z
    .array(relativePath)
    .max(50)
    .default([])
    .describe('kustomize directories of manifests components'),
});

/** What to validate (see {@link validateRepoInputSchema}). */
export type ValidateRepoInput = z.input<typeof validateRepoInputSchema>;

/** The verdict: `ok` when no problem is an error. */
export const validateRepoResultSchema = z.object({
  ok: z.boolean(),
  problems: z.array(
    z.object({
      file: z.string(),
      line: z.number().int().optional(),
      column: z.number().int().optional(),
      message: z.string(),
      severity: z.enum(['error', 'warning']),
    }),
  ),
});

/** Result of {@link validateRepo}. */
export type ValidateRepoResult = z.infer<typeof validateRepoResultSchema>;

/** What validation needs: the embedded git host, the address policy and clone limits. */
export interface RepoCheckDeps {
  embedded?: GitProvider;
  /** Only embedded repositories of this workspace may be read (unset: any). */
  workspace?: string;
  policy?: DestinationPolicy;
  limits?: CloneLimits;
}

/**
 * Validates a target repository before anything is submitted: the Helm chart (Chart.yaml,
 * values.yaml, templates/), `values.schema.json` against values.yaml and every environment's
 * overlay, and the kustomize directories of `manifests` components. Every problem names its file
 * and, when it has one, its line. An unsafe or unreachable URL is refused with 400.
 */
export async function validateRepo(
  input: ValidateRepoInput,
  deps: RepoCheckDeps = {},
): Promise<ValidateRepoResult> {
  const request = validateRepoInputSchema.parse(input);
  const files = await open(request.repo, deps);
  try {
    const problems = await checkFiles(files, request);
    return { ok: !problems.some((p) => p.severity === 'error'), problems };
  } finally {
    await files.dispose();
  }
}

async function open(
  repo: z.infer<typeof validateRepoInputSchema>['repo'],
  deps: RepoCheckDeps,
): Promise<RepoFiles> {
  if ('url' in repo)
    return cloneRemote(
      { url: repo.url, ...(repo.ref ? { ref: repo.ref } : {}), ...(repo.token ? { token: repo.token } : {}) },
      deps.policy ?? {},
      deps.limits,
    );
  if (!deps.embedded) throw new NotFoundError('there is no embedded git host');
  const info = await deps.embedded.getRepository(repo.embedded);
  if (deps.workspace !== undefined && info.workspace !== deps.workspace)
    throw new NotFoundError(`repository ${repo.embedded} not found`);
  return providerFiles(deps.embedded, repo.embedded, repo.ref);
}

async function checkFiles(
  files: RepoFiles,
  request: z.infer<typeof validateRepoInputSchema>,
): Promise<RepoProblem[]> {
  const problems: RepoProblem[] = [];
  const chartPath = joinRepoPath(request.chartPath) ?? '';
  const { values } = await checkChart(files, chartPath, problems);

  const template = request.layout?.overlays ?? 'overlays/{env}/values.yaml';
  const overlays: YamlFile[] = [];
  for (const env of request.environments) {
    const file = joinRepoPath(chartPath, template.replaceAll('{env}', env));
    if (file === undefined) {
      problems.push({
        file: template,
        message: `the overlay path for ${env} leaves the repository`,
        severity: 'error',
      });
      continue;
    }
    const overlay = await readYaml(files, file, problems, {
      message: `environment ${env} has no values overlay: expected ${file}`,
    });
    if (overlay) overlays.push(overlay);
  }

  const schemaFile = joinRepoPath(chartPath, 'values.schema.json')!;
  if (files.paths.has(schemaFile)) {
    const text = await files.read(schemaFile);
    const schema =
      text === undefined
        ? (problems.push({ file: schemaFile, message: 'the schema could not be read', severity: 'error' }),
          undefined)
        : compileValuesSchema(schemaFile, text, problems);
    if (schema) validateValues(schema, values, overlays, problems);
  }

  for (const dir of request.kustomizations)
    await checkKustomization(files, joinRepoPath(dir) ?? dir, problems);
  return problems;
}
