import { describe, expect, it } from 'vitest';
import { changeRequestActions, mergeMethods } from './cr-actions.js';

const open = { state: 'open' as const, mergeable: true, conflicts: [], targetBranch: 'main' };
const ctx = { workspace: 'demo', role: 'developer' };

describe('changeRequestActions', () => {
  it('GIVEN an open, mergeable change request and a developer THEN every action is possible', () => {
    const states = changeRequestActions(open, ctx);
    expect(Object.values(states).every((s) => s.enabled)).toBe(true);
  });

  it('GIVEN a merged or closed one THEN only commenting remains, and the reason is its state', () => {
    for (const state of ['merged', 'closed'] as const) {
      const states = changeRequestActions({ ...open, state, mergeable: null }, ctx);
      for (const action of ['approve', 'requestChanges', 'merge', 'close'] as const) {
        expect(states[action]).toEqual({ enabled: false, reason: { code: state } });
      }
      expect(states.comment.enabled).toBe(true);
    }
  });

  it('GIVEN conflicts THEN merge is blocked naming the target and files, while review and close stay possible', () => {
    const states = changeRequestActions(
      { ...open, mergeable: false, conflicts: ['apps/a.yaml', 'apps/b.yaml'] },
      ctx,
    );
    expect(states.merge).toEqual({
      enabled: false,
      reason: { code: 'conflicts', values: { target: 'main', files: 'apps/a.yaml, apps/b.yaml' } },
    });
    expect(states.approve.enabled && states.close.enabled).toBe(true);
  });

  it('GIVEN an open one whose target branch is gone (mergeable unknown) THEN merge is blocked', () => {
    expect(changeRequestActions({ ...open, mergeable: null }, ctx).merge.reason).toEqual({
      code: 'noTarget',
      values: { target: 'main' },
    });
  });

  it('GIVEN a viewer THEN nothing that writes is possible', () => {
    const states = changeRequestActions(open, { ...ctx, role: 'viewer' });
    expect(Object.values(states).map((s) => s.reason?.code)).toEqual([
      'viewer',
      'viewer',
      'viewer',
      'viewer',
      'viewer',
    ]);
  });

  it('GIVEN the server refused a review (403) THEN approve and request changes carry its message; merge does not', () => {
    const states = changeRequestActions(open, {
      ...ctx,
      denied: { review: 'changes.review needs developer in workspace demo; bob is viewer' },
    });
    expect(states.approve.reason).toEqual({
      code: 'denied',
      text: 'changes.review needs developer in workspace demo; bob is viewer',
    });
    expect(states.requestChanges.enabled).toBe(false);
    expect(states.merge.enabled).toBe(true);
  });

  it('GIVEN an action in flight THEN the others wait', () => {
    const states = changeRequestActions(open, { ...ctx, busy: 'merge' });
    expect(states.merge.enabled).toBe(true);
    expect(states.approve.reason).toEqual({ code: 'busy' });
  });

  it('GIVEN the workspace permissions THEN they decide, whatever the role says', () => {
    const all = ['changes.review', 'changes.merge', 'changes.close', 'changes.comment'];
    const permitted = changeRequestActions(open, {
      ...ctx,
      role: 'viewer',
      permissions: { actions: all, denied: {} },
    });
    expect(Object.values(permitted).every((s) => s.enabled)).toBe(true);
    const noMerge = changeRequestActions(open, {
      ...ctx,
      permissions: {
        actions: all.filter((a) => a !== 'changes.merge'),
        denied: { 'changes.merge': 'changes.merge needs developer in workspace demo; ann is viewer' },
      },
    });
    expect(noMerge.merge).toEqual({
      enabled: false,
      reason: {
        code: 'notAllowed',
        values: {
          workspace: 'demo',
          reason: 'changes.merge needs developer in workspace demo; ann is viewer',
        },
      },
    });
    expect(noMerge.approve.enabled && noMerge.close.enabled && noMerge.comment.enabled).toBe(true);
  });

  it('GIVEN whether the server can fast-forward THEN only then is fast-forward offered; a merge commit always is', () => {
    expect(mergeMethods({ fastForward: true, targetBranch: 'main' })['fast-forward']).toEqual({
      enabled: true,
    });
    for (const fastForward of [false, null])
      expect(mergeMethods({ fastForward, targetBranch: 'main' })).toEqual({
        'merge-commit': { enabled: true },
        'fast-forward': { enabled: false, reason: { code: 'noFastForward', values: { target: 'main' } } },
      });
  });
});
