import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, type FormListFieldData, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ProblemNotes } from './ProblemNotes.js';
import type { EditorProblem } from './spec-problems.js';
import { unplacedProblems } from './wizard-steps.js';

/**
 * A titled list of form rows (a component's ports, its environment variables): the problems at
 * `at` that no row's field shows, one row per item with a Remove button, and an Add button.
 */
export function RowList(props: {
  /** The Form.List name, e.g. `[0, 'ports']`. */
  name: Array<string | number>;
  testId: string;
  /** Each row is `<rowTestId>-<index>`. */
  rowTestId: string;
  title: string;
  /** The list's path in the spec, e.g. `spec.components[0].ports`. */
  at: string;
  problems: readonly EditorProblem[];
  /** The spec paths a row's fields show problems for. */
  rowPaths: (index: number) => string[];
  /** Accessible names of a row's Remove button (`n` counts from 1) and of the Add button. */
  removeLabel: (n: number) => string;
  addLabel: string;
  addText: string;
  newRow: () => unknown;
  /** The fields of one row. */
  children: (row: FormListFieldData, n: number) => ReactNode;
}) {
  return (
    <Form.List name={props.name}>
      {(rows, { add, remove }) => (
        <div data-testid={props.testId} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{props.title}</Typography.Text>
          <ProblemNotes
            at={props.at}
            problems={unplacedProblems(
              props.problems,
              props.at,
              rows.flatMap((row) => props.rowPaths(row.name)),
            )}
          />
          {rows.map((row) => (
            <Space key={row.key} wrap align="start" data-testid={`${props.rowTestId}-${row.name}`}>
              {props.children(row, row.name + 1)}
              <Button
                type="text"
                icon={<CloseOutlined />}
                aria-label={props.removeLabel(row.name + 1)}
                onClick={() => remove(row.name)}
              />
            </Space>
          ))}
          <div>
            <Button
              size="small"
              type="dashed"
              icon={<PlusOutlined />}
              aria-label={props.addLabel}
              onClick={() => add(props.newRow())}
            >
              {props.addText}
            </Button>
          </div>
        </div>
      )}
    </Form.List>
  );
}
