/**
 * "What may I do here": the workspace-scoped actions the API knows — those its routes declare
 * with a `workspaceFrom` (`apps.deploy`, `changes.merge`, …), learned from the route table as it
 * is built, so a new route's action is known without a list to keep — each decided by the
 * authorizer for the caller in one workspace.
 */
import type { FastifyInstance } from 'fastify';
import type { Authorizer, Subject } from '../iam/authorizer.js';

/** An action and the kind of resource it is decided on. */
export interface WorkspaceAction {
  action: string;
  kind: string;
}

/** The actions of workspace routes, recorded as the routes are registered. */
export class WorkspaceActions {
  readonly #byAction = new Map<string, string>();

  /** Records the workspace routes registered on `app` (and its children) from now on. */
  recordFrom(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      const declared = route.config?.authorize;
      if (!declared || declared.public || !declared.workspaceFrom) return;
      if (declared.check && declared.check !== 'authorizer') return;
      const dot = declared.action.lastIndexOf('.');
      this.#byAction.set(
        declared.action,
        declared.kind ?? (dot < 0 ? declared.action : declared.action.slice(0, dot)),
      );
    });
  }

  /** Every recorded action, sorted. */
  list(): WorkspaceAction[] {
    return [...this.#byAction]
      .map(([action, kind]) => ({ action, kind }))
      .sort((a, b) => a.action.localeCompare(b.action));
  }
}

/** The caller's permissions in a workspace: the actions allowed, and why each other one is not. */
export interface WorkspacePermissions {
  actions: string[];
  denied: Record<string, string>;
}

/** Asks the authorizer about each of `actions` for `subject` in `workspace` (all at once). */
export async function permissionsIn(
  authorizer: Authorizer,
  subject: Subject,
  workspace: string,
  actions: readonly WorkspaceAction[],
): Promise<WorkspacePermissions> {
  const decisions = await Promise.all(
    actions.map(({ action, kind }) => authorizer.can(subject, action, { kind, workspace })),
  );
  const result: WorkspacePermissions = { actions: [], denied: {} };
  actions.forEach(({ action }, i) => {
    const decision = decisions[i]!;
    if (decision.allowed) result.actions.push(action);
    else result.denied[action] = decision.reason;
  });
  return result;
}
