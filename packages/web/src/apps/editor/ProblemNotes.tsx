import { Typography } from 'antd';
import type { EditorProblem } from './spec-problems.js';

/** Problems of a whole part (a component, an environment) that belong to no single field. */
export function ProblemNotes({ problems, at }: { problems: readonly EditorProblem[]; at: string }) {
  if (problems.length === 0) return null;
  return (
    <ul className="plain-list" data-testid="part-problems" style={{ marginBottom: 8 }}>
      {problems.map((p, index) => (
        <li key={index}>
          <Typography.Text type={p.severity === 'error' ? 'danger' : 'warning'}>
            {p.path !== at && (
              <Typography.Text code>{p.path.slice(at.length).replace(/^\./, '')}</Typography.Text>
            )}{' '}
            {p.message}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}
