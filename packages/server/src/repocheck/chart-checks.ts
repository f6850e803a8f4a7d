import { isMap, isScalar, isSeq } from 'yaml';
import {
  joinRepoPath,
  parseYamlFile,
  positionOf,
  type RepoProblem,
  valuePositionOf,
  type YamlFile,
} from './problems.js';
import { hasDirectory, type RepoFiles } from './repo-files.js';

/** SemVer 2.0.0 (what Helm requires of a chart version). */
export const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Reads and parses a YAML file; a missing file or a blob too large to fetch is a problem. */
export async function readYaml(
  files: RepoFiles,
  file: string,
  problems: RepoProblem[],
  missing?: { message: string; severity?: RepoProblem['severity'] },
): Promise<YamlFile | undefined> {
  if (!files.paths.has(file)) {
    if (missing) problems.push({ file, message: missing.message, severity: missing.severity ?? 'error' });
    return undefined;
  }
  const text = await files.read(file);
  if (text === undefined) {
    problems.push({ file, message: 'the file could not be read (larger than 1 MiB?)', severity: 'error' });
    return undefined;
  }
  return parseYamlFile(file, text, problems);
}

function at(yaml: YamlFile, segments: string[]) {
  const { line, column } = positionOf(yaml, segments);
  return { line, column };
}

/**
 * Checks a Helm chart: Chart.yaml (apiVersion v2, name, SemVer version, dependencies with name,
 * version and repository), values.yaml parses, templates/ has files. Returns the parsed values.
 */
export async function checkChart(
  files: RepoFiles,
  chartPath: string,
  problems: RepoProblem[],
): Promise<{ values?: YamlFile }> {
  const chartFile = joinRepoPath(chartPath, 'Chart.yaml')!;
  const chart = await readYaml(files, chartFile, problems, {
    message: `no Chart.yaml: a Helm chart needs one at ${chartFile}`,
  });
  if (chart) checkChartYaml(chart, problems);

  const templates = joinRepoPath(chartPath, 'templates') ?? 'templates';
  if (!hasDirectory(files, templates))
    problems.push({
      file: `${templates}/`,
      message: `the chart has no templates: ${templates}/ is empty or missing`,
      severity: 'error',
    });

  const valuesFile = joinRepoPath(chartPath, 'values.yaml')!;
  const values = await readYaml(files, valuesFile, problems, {
    message: `no values.yaml at ${valuesFile}: the chart has no default values`,
    severity: 'warning',
  });
  if (values && values.doc.contents !== null && !isMap(values.doc.contents))
    problems.push({
      file: valuesFile,
      line: 1,
      column: 1,
      message: 'values.yaml must be a mapping of keys to values',
      severity: 'error',
    });
  return values ? { values } : {};
}

function checkChartYaml(chart: YamlFile, problems: RepoProblem[]): void {
  const file = chart.file;
  const root = chart.doc.contents;
  if (!isMap(root)) {
    problems.push({
      file,
      line: 1,
      column: 1,
      message: 'Chart.yaml must be a mapping (apiVersion, name, version, …)',
      severity: 'error',
    });
    return;
  }
  const text = (key: string): string | undefined => {
    const node = root.items.find((p) => isScalar(p.key) && p.key.value === key)?.value;
    if (!isScalar(node) || node.value === null) return undefined;
    return typeof node.source === 'string' ? node.source : String(node.value);
  };
  const apiVersion = text('apiVersion');
  if (apiVersion === undefined)
    problems.push({
      file,
      line: 1,
      column: 1,
      message: 'apiVersion is missing: Helm 3 charts declare apiVersion: v2',
      severity: 'error',
    });
  else if (apiVersion !== 'v2')
    problems.push({
      file,
      ...at(chart, ['apiVersion']),
      message: `apiVersion must be v2 (Helm 3 charts), not ${apiVersion}`,
      severity: 'error',
    });
  const name = text('name');
  if (!name)
    problems.push({
      file,
      line: 1,
      column: 1,
      message: 'name is missing: the chart needs a name',
      severity: 'error',
    });
  const version = text('version');
  if (!version)
    problems.push({
      file,
      line: 1,
      column: 1,
      message: 'version is missing: the chart needs a SemVer version such as 1.0.0',
      severity: 'error',
    });
  else if (!SEMVER.test(version))
    problems.push({
      file,
      ...at(chart, ['version']),
      message: `version "${version}" is not SemVer (MAJOR.MINOR.PATCH, e.g. 1.0.0)`,
      severity: 'error',
    });

  const dependencies = root.items.find((p) => isScalar(p.key) && p.key.value === 'dependencies')?.value;
  if (dependencies === undefined || dependencies === null) return;
  if (!isSeq(dependencies)) {
    problems.push({
      file,
      ...at(chart, ['dependencies']),
      message: 'dependencies must be a list',
      severity: 'error',
    });
    return;
  }
  dependencies.items.forEach((item, index) => {
    const where = valuePositionOf(chart, ['dependencies', String(index)]) ?? at(chart, ['dependencies']);
    if (!isMap(item)) {
      problems.push({
        file,
        ...where,
        message: `dependencies[${index}] must be a mapping with name, version and repository`,
        severity: 'error',
      });
      return;
    }
    const missing = ['name', 'version', 'repository'].filter((key) => {
      const value = item.items.find((p) => isScalar(p.key) && p.key.value === key)?.value;
      return !isScalar(value) || value.value === null || String(value.value).trim() === '';
    });
    if (missing.length > 0)
      problems.push({
        file,
        ...where,
        message: `dependencies[${index}] is missing ${missing.join(', ')}`,
        severity: 'error',
      });
  });
}
