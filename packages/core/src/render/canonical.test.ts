import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, toJson, toYaml } from './canonical.js';
import { fitName } from './labels.js';
import { sha256Hex } from './sha256.js';

describe('sha256Hex', () => {
  it('matches node:crypto on edge lengths and non-ASCII text', () => {
    for (const text of [
      '',
      'abc',
      'a'.repeat(55),
      'a'.repeat(56),
      'a'.repeat(64),
      'a'.repeat(1000),
      'héllo 😀 世界',
    ]) {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });
});

describe('canonical output', () => {
  const object = {
    spec: { b: 1, a: 2 },
    metadata: { name: 'x' },
    kind: 'ConfigMap',
    data: { z: 'yes', a: 'on' },
    apiVersion: 'v1',
  };

  it('orders apiVersion, kind, metadata, spec, then the rest sorted', () => {
    expect(toYaml([object])).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nspec:\n  a: 2\n  b: 1\ndata:\n  a: "on"\n  z: "yes"\n',
    );
  });

  it('separates documents and renders JSON as a v1 List', () => {
    expect(toYaml([object, object]).split('---\n')).toHaveLength(2);
    expect(JSON.parse(toJson([object]))).toMatchObject({
      apiVersion: 'v1',
      kind: 'List',
      items: [{ kind: 'ConfigMap' }],
    });
  });

  it('sorts keys recursively for hashing', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: undefined })).toBe('{"b":[{"c":2,"d":1}]}');
  });

  it('fits long names into 63 characters, stably', () => {
    const long = 'a'.repeat(80);
    expect(fitName(long)).toHaveLength(63);
    expect(fitName(long)).toBe(fitName(long));
    expect(fitName('short')).toBe('short');
  });
});
