/**
 * Proposing a directory's new content as a change request: read what the target branch holds
 * under the environment's path, write the new files and delete the old ones on a new branch,
 * and open a change request whose description shows the rendered objects that change.
 * Idempotent by branch: proposing on a branch that already has a recorded change request
 * returns it.
 */
import { InputError } from '../http/errors.js';
import type { ChangeRequest, FileChange, GitIdentity, RepositoryInfo } from '../git/provider.js';
import type { GitOpsDeps } from './deps.js';
import type { GitOpsChangeKind } from './gitops-store.js';
import type { GitOpsEnvironment } from './layout.js';
import {
  changeDescription,
  diffObjects,
  directoryObjects,
  type DirectoryFiles,
  type ObjectChange,
} from './manifest-files.js';

/** Identity of the commits Berth writes on behalf of a user. */
export function authorOf(username: string): GitIdentity {
  return { name: username, email: `${username}@users.berth.local` };
}

/** The files under `path` at `ref` (relative names), empty when the directory does not exist there. */
export async function readDirectory(
  deps: Pick<GitOpsDeps, 'git'>,
  repository: string,
  ref: string,
  path: string,
): Promise<DirectoryFiles> {
  const files: DirectoryFiles = new Map();
  let entries;
  try {
    entries = await deps.git.readTree(repository, ref, path);
  } catch {
    return files;
  }
  for (const entry of entries) {
    const relative = entry.path.startsWith(`${path}/`) ? entry.path.slice(path.length + 1) : entry.path;
    const content = await deps.git.readFile(repository, ref, entry.path);
    if (content !== undefined) files.set(relative, content.toString('utf8'));
  }
  return files;
}

/** A proposal to make. */
export interface Proposal {
  target: GitOpsEnvironment;
  repository: RepositoryInfo;
  /** The branch the agent follows (the change request's target). */
  base: string;
  branch: string;
  /** The directory's new content; empty to remove the directory. */
  files: DirectoryFiles;
  title: string;
  intro: string;
  kind: GitOpsChangeKind;
  revision: number;
  author: string;
}

/** The outcome of a proposal. */
export interface ProposalResult {
  changeRequest: ChangeRequest;
  /** False when the branch already had a change request (returned as it is). */
  created: boolean;
  changes: ObjectChange[];
}

/** Raised when the proposal changes nothing on the target branch. */
export class NothingToChangeError extends InputError {}

/** Proposes (see file comment). */
export async function propose(deps: GitOpsDeps, p: Proposal): Promise<ProposalResult> {
  const repo = p.repository.name;
  const recorded = await deps.store.changeOnBranch(repo, p.branch);
  if (recorded && recorded.state !== 'closed') {
    const changeRequest = await deps.git.getChangeRequest(repo, recorded.number);
    return { changeRequest, created: false, changes: [] };
  }
  const current = await readDirectory(deps, repo, p.base, p.target.path);
  const changes = diffObjects(directoryObjects(current), directoryObjects(p.files));
  const fileChanges: FileChange[] = [];
  for (const [name, content] of p.files)
    if (current.get(name) !== content) fileChanges.push({ path: `${p.target.path}/${name}`, content });
  for (const name of current.keys())
    if (!p.files.has(name)) fileChanges.push({ path: `${p.target.path}/${name}`, delete: true });
  if (fileChanges.length === 0)
    throw new NothingToChangeError(
      `${p.target.path} on ${p.base} already holds this content: nothing to propose`,
    );

  const open = (await deps.git.listChangeRequests(repo, { state: 'open' })).find(
    (cr) => cr.sourceBranch === p.branch,
  );
  let changeRequest = open;
  if (!changeRequest) {
    if (!(await deps.git.headOf(repo, p.branch)))
      await deps.git.commit(repo, {
        branch: p.branch,
        from: p.base,
        message: p.title,
        author: authorOf(p.author),
        changes: fileChanges,
      });
    changeRequest = await deps.git.openChangeRequest(repo, {
      title: p.title,
      description: changeDescription({
        intro: p.intro,
        changes,
        footer: `_Opened by Berth for ${p.author}. Merge it to deploy: the ${p.target.agent === 'argocd' ? 'Argo CD' : 'Flux'} agent of cluster ${p.target.cluster} syncs \`${p.target.path}\` from \`${p.base}\`._`,
      }),
      sourceBranch: p.branch,
      targetBranch: p.base,
      author: p.author,
      app: { workspace: p.target.workspace, name: p.target.app, environment: p.target.environment },
    });
  }
  await deps.store.addChange({
    workspace: p.target.workspace,
    app: p.target.app,
    environment: p.target.environment,
    kind: p.kind,
    revision: p.revision,
    repository: repo,
    branch: p.branch,
    number: changeRequest.number,
    created_by: p.author,
  });
  return { changeRequest, created: true, changes };
}
