import { isMap, isScalar, isSeq } from 'yaml';
import { readYaml } from './chart-checks.js';
import { joinRepoPath, positionOf, type RepoProblem, valuePositionOf } from './problems.js';
import { hasDirectory, type RepoFiles } from './repo-files.js';

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Fields of a kustomization that name files or directories of the repository. */
const PATH_LISTS = ['resources', 'components', 'patchesStrategicMerge', 'crds'];

function kustomizationIn(files: RepoFiles, dir: string): string | undefined {
  return KUSTOMIZATION_FILES.map((name) => joinRepoPath(dir, name)!).find((file) => files.paths.has(file));
}

function isRemote(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) ||
    entry.includes('?ref=')
  );
}

/**
 * Checks the kustomize directory of a `manifests` component: its kustomization file parses, and
 * every local entry of `resources`, `components`, `patchesStrategicMerge` and `crds` (and every
 * `patches[].path`) exists — a directory entry must hold a kustomization of its own, which is
 * checked in turn. Remote entries (URLs) are not fetched.
 */
export async function checkKustomization(
  files: RepoFiles,
  dir: string,
  problems: RepoProblem[],
  seen = new Set<string>(),
): Promise<void> {
  const normalized = joinRepoPath(dir) ?? dir;
  if (seen.has(normalized)) return;
  seen.add(normalized);
  const file = kustomizationIn(files, normalized);
  if (!file) {
    problems.push({
      file: `${normalized}/kustomization.yaml`,
      message: `no kustomization.yaml in ${normalized || '.'}/`,
      severity: 'error',
    });
    return;
  }
  const yaml = await readYaml(files, file, problems);
  if (!yaml) return;
  const root = yaml.doc.contents;
  if (!isMap(root)) {
    if (root !== null)
      problems.push({
        file,
        line: 1,
        column: 1,
        message: 'a kustomization must be a mapping',
        severity: 'error',
      });
    return;
  }
  const entries: { segments: string[]; path: string }[] = [];
  for (const field of PATH_LISTS) {
    const list = root.items.find((p) => isScalar(p.key) && p.key.value === field)?.value;
    if (list === undefined || list === null) continue;
    if (!isSeq(list)) {
      problems.push({
        file,
        ...positionOf(yaml, [field]),
        message: `${field} must be a list of paths`,
        severity: 'error',
      });
      continue;
    }
    list.items.forEach((item, index) => {
      if (isScalar(item) && typeof item.value === 'string')
        entries.push({ segments: [field, String(index)], path: item.value });
      else
        problems.push({
          file,
          ...(valuePositionOf(yaml, [field, String(index)]) ?? {}),
          message: `${field}[${index}] must be a path`,
          severity: 'error',
        });
    });
  }
  const patches = root.items.find((p) => isScalar(p.key) && p.key.value === 'patches')?.value;
  if (isSeq(patches))
    patches.items.forEach((item, index) => {
      const target = isMap(item)
        ? item.items.find((p) => isScalar(p.key) && p.key.value === 'path')?.value
        : undefined;
      if (isScalar(target) && typeof target.value === 'string')
        entries.push({ segments: ['patches', String(index), 'path'], path: target.value });
    });

  for (const entry of entries) {
    if (isRemote(entry.path)) continue;
    const where = valuePositionOf(yaml, entry.segments);
    const at = where ? { line: where.line, column: where.column } : {};
    const label = `${entry.segments[0]}[${entry.segments[1]}]`;
    const target = joinRepoPath(normalized, entry.path);
    if (target === undefined) {
      problems.push({
        file,
        ...at,
        message: `${label}: ${entry.path} points outside the repository`,
        severity: 'error',
      });
    } else if (files.paths.has(target)) {
      continue;
    } else if (hasDirectory(files, target)) {
      await checkKustomization(files, target, problems, seen);
    } else {
      problems.push({
        file,
        ...at,
        message: `${label}: ${entry.path} does not exist (looked for ${target})`,
        severity: 'error',
      });
    }
  }
}
