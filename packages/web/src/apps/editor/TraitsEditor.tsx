import { CloseOutlined } from '@ant-design/icons';
import { formatPath } from '@berth/core';
import { Button, Card, Form, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { emptyValue } from '../../workflow/schema-kind.js';
import {
  type PathProblem,
  problemStatus,
  type SchemaNode,
  type Segment,
  SchemaValue,
} from '../../workflow/SchemaForm.js';

/**
 * The traits of one component: pick trait types from the model's trait table, then edit each
 * trait's properties in a form generated from its JSON schema (a list of forms for list traits
 * such as storage). Traits the model does not know are kept and shown as JSON with their problem.
 * Traits named in `elsewhere` have a form in another place and are not offered here.
 */
export function TraitsEditor({
  schema,
  value,
  onChange,
  path,
  problems,
  component,
  elsewhere = [],
}: {
  /** The `traits` object schema: one property per trait. */
  schema: SchemaNode;
  value?: Record<string, unknown> | undefined;
  onChange?: (next: Record<string, unknown>) => void;
  /** Path of the traits object, e.g. `['spec', 'components', 0, 'traits']`. */
  path: readonly Segment[];
  problems: readonly PathProblem[];
  /** The component's name, for accessible labels. */
  component: string;
  /** Traits edited elsewhere (not offered in the picker; still shown when present here). */
  elsewhere?: readonly string[];
}) {
  const { t } = useTranslation();
  const traits = value ?? {};
  const table = schema.properties ?? {};
  const present = Object.keys(traits);
  const absent = Object.keys(table).filter((name) => !present.includes(name) && !elsewhere.includes(name));
  const write = (next: Record<string, unknown>) => onChange?.(next);
  const status = problemStatus(problems, formatPath(path));
  return (
    <div>
      <Form.Item
        label={t('editor.addTrait')}
        htmlFor={`add-trait-${component}`}
        {...status}
        style={{ maxWidth: 360 }}
      >
        <Select
          id={`add-trait-${component}`}
          aria-label={t('editor.addTraitTo', { name: component })}
          placeholder={t('editor.pickTrait')}
          value={null}
          showSearch
          virtual={false}
          data-testid={`add-trait-${component}`}
          options={absent.map((name) => ({ value: name, label: name }))}
          onChange={(name: string) => write({ ...traits, [name]: emptyValue(table[name]) })}
        />
      </Form.Item>
      {present.length === 0 && <Typography.Text type="secondary">{t('editor.noTraits')}</Typography.Text>}
      {present.map((name) => (
        <Card
          key={name}
          size="small"
          style={{ marginBottom: 8 }}
          data-testid={`trait-${component}-${name}`}
          title={<span title={table[name]?.description}>{name}</span>}
          extra={
            <Button
              type="text"
              size="small"
              icon={<CloseOutlined />}
              aria-label={t('editor.removeTrait', { name, component })}
              onClick={() => write(Object.fromEntries(Object.entries(traits).filter(([k]) => k !== name)))}
            />
          }
        >
          <SchemaValue
            bare
            schema={table[name]}
            value={traits[name]}
            name={name}
            path={[...path, name]}
            problems={problems}
            onChange={(next) =>
              write(
                next === undefined
                  ? Object.fromEntries(Object.entries(traits).filter(([k]) => k !== name))
                  : { ...traits, [name]: next },
              )
            }
          />
        </Card>
      ))}
    </div>
  );
}
