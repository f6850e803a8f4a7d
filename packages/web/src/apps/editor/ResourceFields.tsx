import { Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemStatus } from '../../workflow/SchemaForm.js';
import { ProblemNotes } from './ProblemNotes.js';
import type { EditorProblem } from './spec-problems.js';
import { unplacedProblems } from './wizard-steps.js';

/** The resource fields, as paths below `traits.resources`, with their label key and example. */
export const RESOURCE_FIELDS = [
  { path: ['cpu'], label: 'editor.cpuRequest', example: '500m' },
  { path: ['memory'], label: 'editor.memoryRequest', example: '512Mi' },
  { path: ['limits', 'cpu'], label: 'editor.cpuLimit', example: '1' },
  { path: ['limits', 'memory'], label: 'editor.memoryLimit', example: '1Gi' },
] as const;

/** A cleared field removes its key from the YAML instead of writing `''`. */
const clearedToUndefined = (value: unknown) => (value === '' ? undefined : value);

/**
 * A component's cpu and memory requests and limits (`traits.resources`), as Kubernetes
 * quantities. The model checks them: its message for `<at>.traits.resources.limits.cpu` shows
 * under the CPU limit.
 */
export function ResourceFields({
  field,
  at,
  problems,
}: {
  /** The component's index in the components list. */
  field: number;
  /** The component's path, e.g. `spec.components[0]`. */
  at: string;
  problems: readonly EditorProblem[];
}) {
  const { t } = useTranslation();
  const resources = `${at}.traits.resources`;
  return (
    <div data-testid={`resources-${field}`}>
      <Typography.Text strong>{t('editor.resources')}</Typography.Text>
      <ProblemNotes
        at={resources}
        problems={unplacedProblems(
          problems,
          resources,
          RESOURCE_FIELDS.map((f) => `${resources}.${f.path.join('.')}`),
        )}
      />
      <Space wrap align="start">
        {RESOURCE_FIELDS.map((f) => (
          <Form.Item
            key={f.label}
            name={[field, 'resources', ...f.path]}
            label={t(f.label)}
            normalize={clearedToUndefined}
            {...problemStatus(problems, `${resources}.${f.path.join('.')}`)}
          >
            <Input placeholder={f.example} style={{ width: 130 }} />
          </Form.Item>
        ))}
      </Space>
    </div>
  );
}
