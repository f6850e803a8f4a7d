import { describe, expect, it } from 'vitest';
import { parseSource } from './parse.js';

describe('parseSource', () => {
  it('turns a syntax error into a problem with line and column', () => {
    const { documents } = parseSource('spec:\n  components: [a, b\nmetadata: x\n', { file: 'app.yaml' });
    const [problem] = documents[0]!.problems;
    expect(problem).toMatchObject({
      code: 'syntax',
      severity: 'error',
      file: 'app.yaml',
      document: 0,
      position: { line: 3, column: 1 },
    });
    expect(problem!.message).not.toContain('\n');
  });

  it('reports a duplicate key where the second one is', () => {
    const { documents } = parseSource('metadata:\n  name: a\n  name: b\n');
    expect(documents[0]!.problems).toMatchObject([
      { code: 'duplicate-key', position: { line: 3, column: 3 } },
    ]);
  });

  it('maps a path to the line and column of the node, and a missing key to its parent', () => {
    const { documents } = parseSource('spec:\n  components:\n    - name: web\n      image: nginx\n');
    const doc = documents[0]!;
    expect(doc.positionOf(['spec', 'components', 0, 'image'])).toEqual({ line: 4, column: 7 });
    expect(doc.positionOf(['spec', 'components', 0])).toEqual({ line: 3, column: 7 });
    expect(doc.positionOf(['spec', 'components', 0, 'ports', 2])).toEqual({ line: 3, column: 7 });
    expect(doc.positionOf(['spec', 'components', 5])).toEqual({ line: 2, column: 3 });
    expect(doc.positionOf([])).toEqual({ line: 1, column: 1 });
  });

  it('follows aliases', () => {
    const { documents } = parseSource('base: &b { image: nginx }\nweb: *b\n');
    expect(documents[0]!.value).toEqual({ base: { image: 'nginx' }, web: { image: 'nginx' } });
    expect(documents[0]!.positionOf(['web', 'image'])).toEqual({ line: 1, column: 12 });
  });

  it('splits a stream into documents and skips empty ones, keeping stream indexes', () => {
    const { documents } = parseSource('a: 1\n---\n# only a comment\n---\nb: 2\n---\n');
    expect(documents.map((doc) => [doc.index, doc.value])).toEqual([
      [0, { a: 1 }],
      [2, { b: 2 }],
    ]);
    expect(documents[1]!.positionOf(['b'])).toEqual({ line: 5, column: 1 });
  });

  it('reads JSON, tabs included', () => {
    const { documents } = parseSource('{\n\t"metadata": {\n\t\t"name": "shop"\n\t}\n}');
    expect(documents[0]!.value).toEqual({ metadata: { name: 'shop' } });
    expect(documents[0]!.positionOf(['metadata', 'name'])).toEqual({ line: 3, column: 3 });
  });

  it('refuses input over the size limit with a problem, not a crash', () => {
    const result = parseSource(`a: "${'x'.repeat(2000)}"`, { maxBytes: 1024, file: 'big.yaml' });
    expect(result.documents).toEqual([]);
    expect(result.problems).toEqual([
      {
        path: '',
        code: 'too-large',
        severity: 'error',
        file: 'big.yaml',
        position: { line: 1, column: 1 },
        message: 'the input is larger than 1 KiB; split it into several files',
      },
    ]);
  });

  it('counts the limit in UTF-8 bytes', () => {
    expect(parseSource(`a: ${'é'.repeat(600)}`, { maxBytes: 1024 }).problems).toMatchObject([
      { code: 'too-large' },
    ]);
    expect(parseSource(`a: ${'e'.repeat(600)}`, { maxBytes: 1024 }).problems).toEqual([]);
  });

  it('stops alias expansion bombs', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const { documents } = parseSource(bomb);
    expect(documents[0]!.value).toBeUndefined();
    expect(documents[0]!.problems).toMatchObject([{ code: 'syntax', severity: 'error' }]);
  });
});

describe('parseSource numbers', () => {
  it('reads 0440 as the octal file mode Kubernetes reads, not as decimal 440', () => {
    // GIVEN a file mode written as in the Kubernetes documentation
    const { documents } = parseSource('defaultMode: 0440\nother: 10\nquoted: "0440"\nnine: 09\n');
    // THEN it is octal, as Kubernetes' YAML 1.1 reader has it; other numbers and strings are unchanged
    expect(documents[0]!.value).toEqual({ defaultMode: 0o440, other: 10, quoted: '0440', nine: 9 });
  });
});
