import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FileDiff } from '../api/types.js';
import { renderWithProviders } from '../test-render.js';
import { DiffView } from './DiffView.js';

const FILES: FileDiff[] = [
  {
    path: 'apps/demo/web/dev/deployment-web.yaml',
    status: 'modified',
    patch:
      'diff --git a/apps/demo/web/dev/deployment-web.yaml b/apps/demo/web/dev/deployment-web.yaml\n--- a/x\n+++ b/x\n@@ -5,2 +5,2 @@ spec:\n spec:\n-  replicas: 1\n+  replicas: 2\n',
  },
  {
    path: 'apps/demo/web/dev/service-web.yaml',
    status: 'added',
    patch:
      'diff --git a/s b/s\nnew file mode 100644\n--- /dev/null\n+++ b/s\n@@ -0,0 +1,2 @@\n+kind: Service\n+apiVersion: v1\n',
  },
];

describe('DiffView', () => {
  it('GIVEN two changed files THEN each shows its status, counts and coloured, numbered lines', () => {
    renderWithProviders(<DiffView files={FILES} />);
    expect(screen.getByText('modified')).toBeTruthy();
    expect(screen.getByText('added')).toBeTruthy();
    expect(screen.getByLabelText('2 lines added')).toBeTruthy();
    const modified = screen.getByRole('table', { name: 'apps/demo/web/dev/deployment-web.yaml' });
    const rows = [...modified.querySelectorAll('tr')].map((tr) => [
      tr.dataset.kind,
      ...[...tr.querySelectorAll('td')].map((td) => td.textContent),
    ]);
    expect(rows).toEqual([
      ['hunk', '', '', '@@ -5,2 +5,2 @@ spec:'],
      ['context', '5', '5', ' spec:'],
      ['del', '6', '', '-  replicas: 1'],
      ['add', '', '6', '+  replicas: 2'],
    ]);
    expect(modified.querySelector('tr.diff-line-del')).toBeTruthy();
    expect(modified.querySelector('tr.diff-line-add')).toBeTruthy();
  });

  it('GIVEN the file list WHEN a file header is activated by keyboard or all are collapsed THEN its panel closes', () => {
    renderWithProviders(<DiffView files={FILES} />);
    const headers = screen.getAllByRole('button', { expanded: true });
    expect(headers).toHaveLength(2);
    fireEvent.keyDown(headers[0]!, { key: 'Enter', keyCode: 13, which: 13 });
    expect(screen.getAllByRole('button', { expanded: true })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Collapse all' }));
    expect(screen.queryAllByRole('button', { expanded: true })).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Expand all' }));
    expect(screen.getAllByRole('button', { expanded: true })).toHaveLength(2);
  });

  it('GIVEN no files THEN it says so', () => {
    renderWithProviders(<DiffView files={[]} />);
    expect(screen.getByText('No file changes.')).toBeTruthy();
  });
});
