import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { parseFieldSelector, parseLabelSelector, selectorFromObject } from './selectors.js';
import type { KubeObject } from '../store/types.js';

const labels = { app: 'web', tier: 'fe', version: '3' };

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toMatchObject({ code: 400, reason: 'BadRequest' });
    return (e as ApiError).message;
  }
  throw new Error('expected BadRequest');
}

describe('label selectors', () => {
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=db', true],
    ['app in (web, db)', true],
    ['app notin (web)', false],
    ['missing notin (x)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app=web,tier=fe', true],
    ['app=web,tier=be', false],
    ['version>2', true],
    ['version<2', false],
    ['', true],
  ])('%s → %s', (sel, expected) => {
    expect(parseLabelSelector(sel).matches(labels)).toBe(expected);
  });

  it('rejects malformed selectors with the apiserver messages', () => {
    expect(badRequest(() => parseLabelSelector('app in (web'))).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    expect(badRequest(() => parseLabelSelector('app=web,'))).toBe("found '', expected: identifier after ','");
    expect(badRequest(() => parseLabelSelector('=web'))).toBe("found '=', expected: !, identifier, or 'end of string'");
    expect(badRequest(() => parseLabelSelector('app=a b'))).toBe("found 'b', expected: ',' or 'end of string'");
    expect(badRequest(() => parseLabelSelector('a$b=c'))).toMatch(/^unable to parse requirement: .*name part must consist/);
  });

  it('converts matchLabels / matchExpressions', () => {
    const s = selectorFromObject({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] });
    expect(s.matches(labels)).toBe(true);
    expect(s.matches({ app: 'web' })).toBe(false);
  });
});

describe('field selectors', () => {
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } };
  const podType = { group: '', kind: 'Pod' };

  it('matches =, == and != on supported fields', () => {
    expect(parseFieldSelector('status.phase=Running', podType).matches(pod)).toBe(true);
    expect(parseFieldSelector('spec.nodeName==n1,metadata.namespace=ns', podType).matches(pod)).toBe(true);
    expect(parseFieldSelector('status.phase!=Running', podType).matches(pod)).toBe(false);
  });

  it('selects events by involvedObject', () => {
    const ev: KubeObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p' }, type: 'Warning', reason: 'Failed' };
    expect(parseFieldSelector('involvedObject.kind=Pod,involvedObject.name=p,type=Warning', { group: '', kind: 'Event' }).matches(ev)).toBe(true);
  });

  it('rejects unsupported fields and bad syntax', () => {
    expect(badRequest(() => parseFieldSelector('spec.foo=x', podType))).toBe('field label not supported: spec.foo');
    expect(badRequest(() => parseFieldSelector('status.phase', podType))).toBe("invalid selector: 'status.phase'; can't understand 'status.phase'");
    expect(badRequest(() => parseFieldSelector('status.phase=x', { group: '', kind: 'ConfigMap' }))).toBe('field label not supported: status.phase');
  });
});
