import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test-render.js';
import { ChangeRequestActions } from './ChangeRequestActions.js';
import { type ActionContext, changeRequestActions, mergeMethods } from './cr-actions.js';

const open = { state: 'open' as const, mergeable: true, conflicts: [] as string[], targetBranch: 'main' };

function renderActions(
  cr: {
    state?: 'open' | 'merged' | 'closed';
    mergeable?: boolean | null;
    conflicts?: string[];
    fastForward?: boolean | null;
  },
  ctx: Partial<ActionContext> = {},
) {
  const onAction = vi.fn();
  const states = changeRequestActions({ ...open, ...cr }, { workspace: 'demo', role: 'developer', ...ctx });
  renderWithProviders(
    <ChangeRequestActions
      number={3}
      targetBranch="main"
      states={states}
      methods={mergeMethods({ fastForward: cr.fastForward ?? true, targetBranch: 'main' })}
      busy={undefined}
      method="merge-commit"
      onMethod={() => {}}
      onAction={onAction}
    />,
  );
  const button = (testId: string) => screen.getByTestId(testId) as HTMLButtonElement;
  return { onAction, button };
}

describe('ChangeRequestActions', () => {
  it('GIVEN an open, mergeable change request WHEN Approve is pressed THEN it asks to approve', () => {
    const { onAction, button } = renderActions({});
    expect(button('cr-approve').disabled).toBe(false);
    fireEvent.click(button('cr-approve'));
    expect(onAction).toHaveBeenCalledWith('approve');
    expect(screen.queryByTestId('cr-blocked')).toBeNull();
  });

  it('GIVEN Merge WHEN pressed THEN it asks for confirmation first, then merges', async () => {
    const { onAction, button } = renderActions({});
    fireEvent.click(button('cr-merge'));
    expect(onAction).not.toHaveBeenCalled();
    await screen.findByText('Merge #3 into main? The GitOps agent deploys what it holds.');
    fireEvent.click(screen.getAllByRole('button', { name: 'Merge' }).at(-1)!);
    await waitFor(() => expect(onAction).toHaveBeenCalledWith('merge'));
  });

  it('GIVEN a merged change request THEN approve, request changes, merge and close are disabled and say why', () => {
    const { button } = renderActions({ state: 'merged', mergeable: null });
    for (const id of ['cr-approve', 'cr-request-changes', 'cr-merge', 'cr-close']) {
      expect(button(id).disabled).toBe(true);
      expect(button(id).getAttribute('aria-description')).toBe('The change request is already merged.');
    }
    expect(screen.getByTestId('cr-blocked').textContent).toBe('The change request is already merged.');
  });

  it('GIVEN conflicts THEN only merge is disabled, with the conflicting files', () => {
    const { button } = renderActions({
      mergeable: false,
      conflicts: ['apps/demo/shop/prod/kustomization.yaml'],
    });
    expect(button('cr-merge').disabled).toBe(true);
    expect(button('cr-approve').disabled).toBe(false);
    expect(button('cr-close').disabled).toBe(false);
    expect(screen.getByTestId('cr-blocked').textContent).toBe(
      'It conflicts with main (apps/demo/shop/prod/kustomization.yaml): resolve the conflicts first.',
    );
  });

  it('GIVEN a 403 from the server for merging THEN merge shows the server’s sentence', () => {
    const { button } = renderActions(
      {},
      { denied: { merge: 'changes.merge needs developer in workspace demo; ann is viewer' } },
    );
    expect(button('cr-merge').disabled).toBe(true);
    expect(button('cr-merge').getAttribute('aria-description')).toBe(
      'changes.merge needs developer in workspace demo; ann is viewer',
    );
    expect(button('cr-approve').disabled).toBe(false);
  });

  it('GIVEN permissions that do not allow merging or reviewing THEN those are disabled up front with the server’s reason', () => {
    const { button } = renderActions(
      {},
      {
        role: undefined,
        permissions: {
          actions: ['changes.list', 'changes.read', 'changes.comment'],
          denied: {
            'changes.review': 'changes.review needs developer in workspace demo; vic is viewer',
            'changes.merge': 'changes.merge needs developer in workspace demo; vic is viewer',
            'changes.close': 'changes.close needs developer in workspace demo; vic is viewer',
          },
        },
      },
    );
    for (const [id, action] of [
      ['cr-approve', 'review'],
      ['cr-request-changes', 'review'],
      ['cr-merge', 'merge'],
      ['cr-close', 'close'],
    ] as const) {
      expect(button(id).disabled).toBe(true);
      expect(button(id).getAttribute('aria-description')).toBe(
        `Not allowed: changes.${action} needs developer in workspace demo; vic is viewer.`,
      );
    }
    expect(screen.getAllByTestId('cr-blocked').map((e) => e.textContent)).toHaveLength(3);
  });

  it('GIVEN the target moved (no fast-forward) THEN merge stays possible and it says to use a merge commit', async () => {
    renderActions({ fastForward: false });
    expect(screen.getByTestId('cr-no-fast-forward').textContent).toBe(
      'main has moved since this branch was made: merge it with a merge commit.',
    );
    expect((screen.getByTestId('cr-merge') as HTMLButtonElement).disabled).toBe(false);
    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Merge method' }));
    const option = await screen.findByTitle(
      'main has moved since this branch was made: merge it with a merge commit.',
    );
    expect(option.getAttribute('aria-disabled') ?? option.className).toMatch(/true|disabled/);
  });

  it('GIVEN a fast-forward is possible THEN nothing is said about it', () => {
    renderActions({ fastForward: true });
    expect(screen.queryByTestId('cr-no-fast-forward')).toBeNull();
  });
});
