import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConflictError, InputError, NotFoundError } from '../../http/errors.js';
import { gitText, runGit } from '../git-cli.js';
import type { BranchInfo, FileChange, FileDiff, GitIdentity, TreeEntry } from '../provider.js';

const ZERO = '0000000000000000000000000000000000000000';
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Result of a trial merge of two commits. */
export interface TrialMerge {
  tree: string;
  conflicts: string[];
}

/** Refuses paths that git would not store or that escape the tree. */
export function checkTreePath(file: string): string {
  const clean = file.replace(/^\/+/, '');
  const parts = clean.split('/');
  if (
    clean === '' ||
    parts.some((p) => p === '' || p === '.' || p === '..' || p.toLowerCase() === '.git') ||
    /[\0\n\r\t]/.test(clean)
  ) {
    throw new InputError(`"${file}" is not a valid file path in a repository`, [
      { path: 'changes.path', message: `"${file}" is not a valid path` },
    ]);
  }
  return clean;
}

/** Refuses branch names git would refuse (checked by `git check-ref-format`). */
export async function checkBranchName(branch: string): Promise<string> {
  const result = await runGit(['check-ref-format', '--branch', branch], { okCodes: [0, 1, 128] });
  if (result.code !== 0 || branch.startsWith('-'))
    throw new InputError(`"${branch}" is not a valid branch name`, [
      { path: 'branch', message: 'not a valid git branch name' },
    ]);
  return branch;
}

/**
 * A bare repository on disk, driven by git plumbing only (`hash-object`, `update-index` on a
 * throwaway index, `write-tree`, `commit-tree`, `update-ref`, `merge-tree`): no worktree, no
 * hooks, and ref updates are compare-and-swap, so concurrent writers cannot lose a commit.
 */
export class BareRepository {
  constructor(readonly dir: string) {}

  #git(args: readonly string[], options: Parameters<typeof runGit>[1] = {}) {
    return runGit(args, { ...options, gitDir: this.dir });
  }

  #text(args: readonly string[], options: Parameters<typeof runGit>[1] = {}) {
    return gitText(args, { ...options, gitDir: this.dir });
  }

  /** Creates the bare repository with one empty initial commit on `defaultBranch`. */
  async init(defaultBranch: string, author: GitIdentity, now: Date): Promise<string> {
    await runGit(['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`, this.dir]);
    await this.#git(['config', 'uploadpack.allowFilter', 'true']);
    await this.#git(['config', 'http.receivepack', 'false']);
    const tree = await this.#text(['mktree'], { input: '' });
    const sha = await this.#text(['commit-tree', tree, '-m', 'Initialize repository'], {
      env: identityEnv(author, now),
    });
    await this.#git(['update-ref', `refs/heads/${defaultBranch}`, sha, ZERO]);
    return sha;
  }

  /** The commit `ref` names, or `undefined`. */
  async resolve(ref: string): Promise<string | undefined> {
    if (ref.startsWith('-')) return undefined;
    const result = await this.#git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
      okCodes: [0, 1, 128],
    });
    return result.code === 0 ? result.stdout.toString().trim() : undefined;
  }

  async #mustResolve(ref: string): Promise<string> {
    const sha = await this.resolve(ref);
    if (!sha) throw new NotFoundError(`ref ${ref} not found`);
    return sha;
  }

  /** The commit branch `name` points at, or `undefined`. */
  async headOf(branch: string): Promise<string | undefined> {
    return this.resolve(`refs/heads/${branch}`);
  }

  async branches(): Promise<BranchInfo[]> {
    const out = await this.#text(['for-each-ref', '--format=%(objectname) %(refname:strip=2)', 'refs/heads']);
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => ({ sha: line.slice(0, 40), name: line.slice(41) }));
  }

  /** Bytes of `file` at `ref`, or `undefined` when it is not a file there. */
  async readFile(ref: string, file: string): Promise<Buffer | undefined> {
    const commit = await this.#mustResolve(ref);
    const spec = `${commit}:${checkTreePath(file)}`;
    const type = await this.#git(['cat-file', '-t', spec], { okCodes: [0, 1, 128] });
    if (type.code !== 0 || type.stdout.toString().trim() !== 'blob') return undefined;
    return (await this.#git(['cat-file', 'blob', spec])).stdout;
  }

  /** Every blob below `dir` (or the whole tree) at `ref`, with full paths. */
  async readTree(ref: string, dir?: string): Promise<TreeEntry[]> {
    const commit = await this.#mustResolve(ref);
    const args = ['ls-tree', '-r', '-z', '--full-tree', commit];
    if (dir !== undefined && dir !== '' && dir !== '.') args.push('--', checkTreePath(dir));
    const out = (await this.#git(args)).stdout.toString('utf8');
    return out
      .split('\0')
      .filter(Boolean)
      .map((record) => {
        const tab = record.indexOf('\t');
        const [mode, , sha] = record.slice(0, tab).split(' ');
        return { mode: mode!, sha: sha!, path: record.slice(tab + 1) };
      });
  }

  /**
   * Writes `changes` on top of `parent` and returns the new commit (no ref moves). A change set
   * that changes nothing is refused with 400.
   */
  async commitTree(
    parent: string,
    changes: readonly FileChange[],
    message: string,
    author: GitIdentity,
    now: Date,
  ): Promise<string> {
    if (changes.length === 0) throw new InputError('a commit needs at least one file change');
    const scratch = await mkdtemp(path.join(tmpdir(), 'berth-index-'));
    const env = { GIT_INDEX_FILE: path.join(scratch, 'index') };
    try {
      await this.#git(['read-tree', parent], { env });
      const lines: string[] = [];
      for (const change of changes) {
        const file = checkTreePath(change.path);
        if ('delete' in change) {
          lines.push(`0 ${ZERO}\t${file}`);
          continue;
        }
        const sha = await this.#text(['hash-object', '-w', '--stdin'], {
          input: typeof change.content === 'string' ? change.content : Buffer.from(change.content),
        });
        lines.push(`${change.executable ? '100755' : '100644'} ${sha}\t${file}`);
      }
      await this.#git(['update-index', '-z', '--index-info'], { env, input: lines.join('\0') + '\0' });
      const tree = await this.#text(['write-tree'], { env });
      const parentTree = await this.#text(['rev-parse', `${parent}^{tree}`]);
      if (tree === parentTree) throw new InputError('the changes leave every file as it was');
      return await this.#text(['commit-tree', tree, '-p', parent, '-m', message], {
        env: identityEnv(author, now),
      });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** Makes a commit with the given tree and parents. */
  async commitOf(tree: string, parents: readonly string[], message: string, author: GitIdentity, now: Date) {
    return this.#text(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', message], {
      env: identityEnv(author, now),
    });
  }

  /**
   * Moves `refs/heads/<branch>` to `sha` only if it still points at `expected` (`undefined`:
   * only if the branch does not exist yet); 409 otherwise.
   */
  async updateBranch(branch: string, sha: string, expected: string | undefined): Promise<void> {
    const result = await this.#git(['update-ref', `refs/heads/${branch}`, sha, expected ?? ZERO], {
      okCodes: [0, 1, 128],
    });
    if (result.code !== 0)
      throw new ConflictError(
        expected
          ? `branch ${branch} moved since ${expected.slice(0, 12)}; read it again and retry`
          : `branch ${branch} already exists`,
      );
  }

  async deleteBranch(branch: string): Promise<void> {
    const sha = await this.headOf(branch);
    if (!sha) throw new NotFoundError(`branch ${branch} not found`);
    await this.#git(['update-ref', '-d', `refs/heads/${branch}`, sha]);
  }

  /** True when `ancestor` is reachable from `descendant`. */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const result = await this.#git(['merge-base', '--is-ancestor', ancestor, descendant], {
      okCodes: [0, 1],
    });
    return result.code === 0;
  }

  async mergeBase(a: string, b: string): Promise<string> {
    const result = await this.#git(['merge-base', a, b], { okCodes: [0, 1] });
    return result.code === 0 ? result.stdout.toString().trim() : EMPTY_TREE;
  }

  /** Merges `theirs` into `ours` in memory (`git merge-tree --write-tree`): the tree and any conflicted paths. */
  async trialMerge(ours: string, theirs: string): Promise<TrialMerge> {
    const result = await this.#git(
      ['merge-tree', '--write-tree', '--name-only', '--no-messages', ours, theirs],
      {
        okCodes: [0, 1],
      },
    );
    const [tree, ...paths] = result.stdout.toString('utf8').split('\n').filter(Boolean);
    return { tree: tree!, conflicts: result.code === 1 ? [...new Set(paths)] : [] };
  }

  /** The per-file unified diff from `base` to `head`. */
  async diff(base: string, head: string): Promise<FileDiff[]> {
    const common = ['--no-color', '--no-ext-diff', '--no-textconv', '-M', base, head];
    const status = (await this.#git(['diff', '--name-status', '-z', ...common])).stdout.toString('utf8');
    const fields = status.split('\0').filter((f) => f !== '');
    const files: FileDiff[] = [];
    for (let i = 0; i < fields.length;) {
      const code = fields[i++]!;
      if (code.startsWith('R') || code.startsWith('C')) {
        const oldPath = fields[i++]!;
        files.push({ path: fields[i++]!, oldPath, status: 'renamed', patch: '' });
      } else {
        const kind = code === 'A' ? 'added' : code === 'D' ? 'deleted' : 'modified';
        files.push({ path: fields[i++]!, status: kind, patch: '' });
      }
    }
    const patch = (await this.#git(['diff', '--patch', ...common])).stdout.toString('utf8');
    const chunks = patch.split(/^(?=diff --git )/m).filter((c) => c.startsWith('diff --git '));
    chunks.forEach((chunk, index) => {
      if (files[index]) files[index]!.patch = chunk;
    });
    return files;
  }
}

function identityEnv(author: GitIdentity, now: Date): Record<string, string> {
  const date = `${Math.floor(now.getTime() / 1000)} +0000`;
  return {
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: author.name,
    GIT_COMMITTER_EMAIL: author.email,
    GIT_COMMITTER_DATE: date,
  };
}
