import { describe, expect, it } from 'vitest';
import { parseFilePatch } from './unified-diff.js';

const MODIFIED = `diff --git a/apps/demo/web/dev/deployment-web.yaml b/apps/demo/web/dev/deployment-web.yaml
index 3b18e51..a9c2f0e 100644
--- a/apps/demo/web/dev/deployment-web.yaml
+++ b/apps/demo/web/dev/deployment-web.yaml
@@ -3,4 +3,4 @@ kind: Deployment
 metadata:
   name: web
 spec:
-  replicas: 1
+  replicas: 2
@@ -20,2 +20,3 @@ spec:
       image: nginx
+      ports: []
\\ No newline at end of file
`;

describe('parseFilePatch', () => {
  it('GIVEN a modified file WHEN parsed THEN headers are dropped and each line has its old and new number', () => {
    const parsed = parseFilePatch(MODIFIED);
    expect(parsed.additions).toBe(2);
    expect(parsed.deletions).toBe(1);
    expect(parsed.lines.map((l) => [l.kind, l.oldLine, l.newLine, l.text])).toEqual([
      ['hunk', undefined, undefined, '@@ -3,4 +3,4 @@ kind: Deployment'],
      ['context', 3, 3, 'metadata:'],
      ['context', 4, 4, '  name: web'],
      ['context', 5, 5, 'spec:'],
      ['del', 6, undefined, '  replicas: 1'],
      ['add', undefined, 6, '  replicas: 2'],
      ['hunk', undefined, undefined, '@@ -20,2 +20,3 @@ spec:'],
      ['context', 20, 20, '      image: nginx'],
      ['add', undefined, 21, '      ports: []'],
      ['note', undefined, undefined, 'No newline at end of file'],
    ]);
  });

  it('GIVEN a new file WHEN parsed THEN every line is an addition numbered from 1', () => {
    const parsed = parseFilePatch(
      'diff --git a/k.yaml b/k.yaml\nnew file mode 100644\nindex 0000000..e69de29\n--- /dev/null\n+++ b/k.yaml\n@@ -0,0 +1,2 @@\n+a: 1\n+b: 2\n',
    );
    expect(parsed.lines.filter((l) => l.kind === 'add').map((l) => l.newLine)).toEqual([1, 2]);
    expect(parsed.deletions).toBe(0);
  });

  it('GIVEN a rename or binary change WHEN parsed THEN there are no hunks, and binary is said', () => {
    expect(
      parseFilePatch('diff --git a/a b/b\nsimilarity index 100%\nrename from a\nrename to b\n').lines,
    ).toEqual([]);
    const binary = parseFilePatch(
      'diff --git a/logo.png b/logo.png\nindex 1..2 100644\nBinary files a/logo.png and b/logo.png differ\n',
    );
    expect(binary.binary).toBe(true);
    expect(binary.lines).toEqual([{ kind: 'note', text: 'Binary files a/logo.png and b/logo.png differ' }]);
  });

  it('keeps a line whose content starts like a header inside a hunk as content', () => {
    const parsed = parseFilePatch('@@ -1,2 +1,2 @@\n---\n+++ x\n');
    expect(parsed.lines.slice(1).map((l) => [l.kind, l.text])).toEqual([
      ['del', '--'],
      ['add', '++ x'],
    ]);
  });
});
