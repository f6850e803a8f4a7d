/**
 * What a person may do with a change request right now, and why not when they may not: the
 * state (closed, merged), the merge's conflicts, their permissions in the workspace (asked up
 * front), a permission the server refused. Pure, so the rules are tested without rendering.
 */
import type { ChangeRequestDetail, MergeMethod, WorkspacePermissions } from '../api/types.js';

/** The actions of the change-request page. */
export const CR_ACTIONS = ['approve', 'requestChanges', 'merge', 'close', 'comment'] as const;
export type CrAction = (typeof CR_ACTIONS)[number];

/** The server permission each action needs (approve and request changes are both a review). */
export const PERMISSION_OF: Record<CrAction, 'review' | 'merge' | 'close' | 'comment'> = {
  approve: 'review',
  requestChanges: 'review',
  merge: 'merge',
  close: 'close',
  comment: 'comment',
};

/** The workspace action (`GET /workspaces/:ws/permissions`) behind each server permission. */
export const ACTION_OF: Record<(typeof PERMISSION_OF)[CrAction], string> = {
  review: 'changes.review',
  merge: 'changes.merge',
  close: 'changes.close',
  comment: 'changes.comment',
};

/** Why an action is not possible: a message key (with values) or the server's own sentence. */
export type BlockReason =
  | {
      code:
        | 'merged'
        | 'closed'
        | 'conflicts'
        | 'noTarget'
        | 'mergeabilityPending'
        | 'viewer'
        | 'busy'
        | 'notAllowed'
        | 'noFastForward';
      values?: Record<string, string>;
    }
  | { code: 'denied'; text: string };

/** One action's state. */
export interface ActionState {
  enabled: boolean;
  reason?: BlockReason;
}

/** What the rules look at besides the change request. */
export interface ActionContext {
  workspace: string;
  /** What the user may do in the workspace, asked up front; undefined until known. */
  permissions?: WorkspacePermissions | undefined;
  /** The user's role in the workspace, used while `permissions` is unknown (platform admins: 'admin'). */
  role?: string | undefined;
  /** Server refusals (403) so far, by permission: the server's message. */
  denied?: Partial<Record<(typeof PERMISSION_OF)[CrAction], string>>;
  /** The action in flight, if any: the others wait for it. */
  busy?: CrAction | undefined;
  /**
   * Where the repository is: on GitHub an unknown mergeability (`mergeable: null`) means GitHub
   * is still computing it (its REST documentation: ask again later), not a missing target.
   */
  provider?: 'embedded' | 'github';
}

type Facts = Pick<ChangeRequestDetail, 'state' | 'mergeable' | 'conflicts' | 'targetBranch'>;

/** Whether each merge method is possible: a fast-forward only when the server says so. */
export function mergeMethods(
  cr: Pick<ChangeRequestDetail, 'fastForward' | 'targetBranch'>,
): Record<MergeMethod, ActionState> {
  return {
    'merge-commit': { enabled: true },
    'fast-forward':
      cr.fastForward === true
        ? { enabled: true }
        : { enabled: false, reason: { code: 'noFastForward', values: { target: cr.targetBranch } } },
  };
}

/** The state of every action (see file comment). The first reason that applies wins. */
export function changeRequestActions(cr: Facts, ctx: ActionContext): Record<CrAction, ActionState> {
  const result = {} as Record<CrAction, ActionState>;
  for (const action of CR_ACTIONS) result[action] = stateOf(action, cr, ctx);
  return result;
}

function stateOf(action: CrAction, cr: Facts, ctx: ActionContext): ActionState {
  const blocked = (reason: BlockReason): ActionState => ({ enabled: false, reason });
  const denied = ctx.denied?.[PERMISSION_OF[action]];
  if (denied) return blocked({ code: 'denied', text: denied });
  const needed = ACTION_OF[PERMISSION_OF[action]];
  if (ctx.permissions && !ctx.permissions.actions.includes(needed))
    return blocked({
      code: 'notAllowed',
      values: { workspace: ctx.workspace, reason: ctx.permissions.denied[needed] ?? needed },
    });
  if (!ctx.permissions && ctx.role === 'viewer')
    return blocked({ code: 'viewer', values: { workspace: ctx.workspace } });
  if (ctx.busy !== undefined && ctx.busy !== action) return blocked({ code: 'busy' });
  if (action === 'comment') return { enabled: true };
  if (cr.state !== 'open') return blocked({ code: cr.state });
  if (action === 'merge') {
    if (cr.mergeable === false || cr.conflicts.length > 0)
      return blocked({
        code: 'conflicts',
        values: { target: cr.targetBranch, files: cr.conflicts.join(', ') },
      });
    if (cr.mergeable === null)
      return blocked({
        code: ctx.provider === 'github' ? 'mergeabilityPending' : 'noTarget',
        values: { target: cr.targetBranch },
      });
  }
  return { enabled: true };
}
