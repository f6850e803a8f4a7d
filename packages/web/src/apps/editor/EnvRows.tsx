import { Form, Input, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { problemStatus } from '../../workflow/SchemaForm.js';
import type { EnvVarForm } from './app-form.js';
import { RowList } from './RowList.js';
import type { EditorProblem } from './spec-problems.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '?');

/** Where a `valueFrom` entry reads its value, in words (names only: a secret's value is never known here). */
export function describeValueFrom(valueFrom: unknown, t: TFunction): string {
  const from = isObject(valueFrom) ? valueFrom : {};
  const ref = (key: 'secret' | 'config') => (isObject(from[key]) ? from[key] : {});
  if (from.secret !== undefined)
    return t('editor.envFromSecret', { name: text(ref('secret').name), key: text(ref('secret').key) });
  if (from.config !== undefined)
    return t('editor.envFromConfig', { name: text(ref('config').name), key: text(ref('config').key) });
  if (from.field !== undefined) return t('editor.envFromField', { field: text(from.field) });
  if (isObject(from.resource)) return t('editor.envFromResource', { resource: text(from.resource.resource) });
  return t('editor.envFromOther');
}

/**
 * A component's environment variables (`traits.envs`), one name + value row each. A row that
 * reads its value from a Secret, ConfigMap, Pod field or resource is shown read-only and kept
 * as written: such references are edited in the YAML.
 */
export function EnvRows({
  field,
  at,
  component,
  rows: values,
  problems,
}: {
  /** The component's index in the components list. */
  field: number;
  /** The component's path, e.g. `spec.components[0]`. */
  at: string;
  /** The component's name, for accessible labels. */
  component: string;
  /** The rows' current values (to tell references from plain values). */
  rows: ReadonlyArray<EnvVarForm | undefined>;
  problems: readonly EditorProblem[];
}) {
  const { t } = useTranslation();
  const envs = `${at}.traits.envs`;
  return (
    <RowList
      name={[field, 'env']}
      testId={`env-${field}`}
      rowTestId="env-row"
      title={t('editor.env')}
      at={envs}
      problems={problems}
      rowPaths={(i) => [`${envs}[${i}].name`, `${envs}[${i}].value`]}
      removeLabel={(n) => t('editor.removeEnv', { n, component })}
      addLabel={t('editor.addEnvTo', { component })}
      addText={t('editor.addEnv')}
      newRow={() => ({ name: '', value: '' })}
    >
      {(row, n) => {
        const path = `${envs}[${row.name}]`;
        const reference = values[row.name]?.valueFrom !== undefined;
        return (
          <>
            <Form.Item name={[row.name, 'name']} {...problemStatus(problems, `${path}.name`)}>
              <Input
                aria-label={t('editor.envNameN', { n })}
                placeholder="NAME"
                readOnly={reference}
                style={{ width: 200 }}
              />
            </Form.Item>
            {reference ? (
              <Form.Item {...problemStatus(problems, `${path}.value`)}>
                <Typography.Text type="secondary" data-testid={`env-reference-${row.name}`}>
                  {describeValueFrom(values[row.name]?.valueFrom, t)} · {t('editor.envReferenceHint')}
                </Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item name={[row.name, 'value']} {...problemStatus(problems, `${path}.value`)}>
                <Input
                  aria-label={t('editor.envValueN', { n })}
                  placeholder={t('editor.envValue')}
                  style={{ width: 260 }}
                />
              </Form.Item>
            )}
          </>
        );
      }}
    </RowList>
  );
}
