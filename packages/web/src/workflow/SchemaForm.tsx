import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { formatPath } from '@berth/core';
import { Button, Form, Input, InputNumber, Select, Switch } from 'antd';
import { type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { JsonSchema } from '../api/types.js';
import {
  GRID,
  GROUP,
  Group,
  idOf,
  isObject,
  JsonField,
  type PathProblem,
  problemStatus,
  StringMapField,
  textOrNumber,
  WIDE,
} from './schema-controls.js';
import { kindOf, type SchemaNode, type Segment } from './schema-kind.js';

export type { SchemaNode, Segment } from './schema-kind.js';
export { problemStatus, type PathProblem } from './schema-controls.js';

/** What every generated control receives. */
interface ControlProps {
  schema: SchemaNode | undefined;
  value: unknown;
  onChange: (next: unknown) => void;
  path: readonly Segment[];
  problems: readonly PathProblem[];
  /** The property name (accessible name of the control). */
  name: string;
  required?: boolean;
}

/** A map of objects (e.g. per-component overrides): a key and a nested form per entry. */
function ObjectMapField({ schema, value, onChange, path, problems, name }: ControlProps) {
  const { t } = useTranslation();
  const map = isObject(value) ? value : {};
  const entrySchema = isObject(schema?.additionalProperties)
    ? (schema.additionalProperties as SchemaNode)
    : undefined;
  const write = (entries: Array<[string, unknown]>) =>
    onChange(entries.length > 0 ? Object.fromEntries(entries) : undefined);
  const entries = Object.entries(map);
  const freeKey = () => {
    for (let i = 1; ; i++)
      if (!((i === 1 ? name : `${name}-${i}`) in map)) return i === 1 ? name : `${name}-${i}`;
  };
  return (
    <Group legend={name} path={path} problems={problems}>
      {entries.map(([key, entry], index) => (
        <div key={index} style={{ ...GROUP, padding: '8px 12px' }}>
          <Form.Item label={t('schemaForm.key')} htmlFor={`${idOf([...path, index])}-key`}>
            <div style={{ display: 'flex', gap: 4, maxWidth: 280 }}>
              <Input
                id={`${idOf([...path, index])}-key`}
                aria-label={t('schemaForm.keyOf', { name })}
                value={key}
                onChange={(e) => {
                  const renamed = e.target.value;
                  if (renamed !== key && renamed in map) return;
                  write(entries.map(([k, v]) => (k === key ? [renamed, v] : [k, v])));
                }}
              />
              <Button
                type="text"
                icon={<CloseOutlined />}
                aria-label={t('schemaForm.remove', { name: key })}
                onClick={() => write(entries.filter(([k]) => k !== key))}
              />
            </div>
          </Form.Item>
          <SchemaFields
            schema={entrySchema}
            value={isObject(entry) ? entry : {}}
            path={[...path, key]}
            problems={problems}
            onChange={(next) => write(entries.map(([k, v]) => (k === key ? [k, next] : [k, v])))}
          />
        </div>
      ))}
      <Button
        size="small"
        icon={<PlusOutlined />}
        aria-label={t('schemaForm.add', { name })}
        onClick={() => write([...entries, [freeKey(), {}]])}
      >
        {t('schemaForm.add', { name })}
      </Button>
    </Group>
  );
}

/** A list of objects (storage volumes, env vars, tolerations): one nested form per item. */
function ObjectListField({
  schema,
  value,
  onChange,
  path,
  problems,
  name,
  bare,
}: ControlProps & { bare?: boolean | undefined }) {
  const { t } = useTranslation();
  const items = Array.isArray(value) ? value : [];
  const write = (next: unknown[]) => onChange(next.length > 0 ? next : undefined);
  const body = (
    <>
      {items.map((item, index) => (
        <Group
          key={index}
          legend={`${name} ${index + 1}`}
          path={[...path, index]}
          problems={problems}
          onRemove={() => write(items.filter((_, i) => i !== index))}
        >
          <SchemaFields
            schema={schema?.items}
            value={isObject(item) ? item : {}}
            path={[...path, index]}
            problems={problems}
            onChange={(next) => write(items.map((old, i) => (i === index ? next : old)))}
          />
        </Group>
      ))}
      <Button
        size="small"
        icon={<PlusOutlined />}
        aria-label={t('schemaForm.add', { name })}
        onClick={() => write([...items, {}])}
      >
        {t('schemaForm.add', { name })}
      </Button>
    </>
  );
  return bare ? (
    body
  ) : (
    <Group legend={name} path={path} problems={problems}>
      {body}
    </Group>
  );
}

/**
 * One value edited by the control its JSON schema calls for: text, number, switch, choice,
 * tags, a nested form (objects), a list of nested forms (arrays of objects), or JSON text.
 * `bare` leaves out the label or fieldset (the caller shows the name, e.g. a trait card).
 */
export function SchemaValue(props: ControlProps & { bare?: boolean }) {
  const { t } = useTranslation();
  const { schema, value, onChange, path, problems, name, required, bare } = props;
  const kind = kindOf(schema);
  const id = idOf(path);
  const at = formatPath(path);
  const label = `${name}${required ? ' *' : ''}`;
  const item = (control: ReactNode, style?: CSSProperties) => (
    <Form.Item
      label={bare ? undefined : label}
      htmlFor={id}
      tooltip={schema?.description}
      style={style}
      {...problemStatus(problems, at)}
    >
      {control}
    </Form.Item>
  );
  switch (kind.kind) {
    case 'enum':
      return item(
        <Select
          id={id}
          allowClear
          aria-label={name}
          value={value as string | undefined}
          onChange={(v) => onChange(v)}
          options={kind.values.map((e) => ({
            value: e as string,
            label: e === '' ? t('schemaForm.emptyChoice') : String(e),
          }))}
        />,
      );
    case 'string':
      return item(
        <Input
          id={id}
          aria-label={name}
          value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
          placeholder={schema?.default !== undefined ? String(schema.default) : undefined}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        />,
      );
    case 'text-or-number':
      return item(
        <Input
          id={id}
          aria-label={name}
          value={value === undefined || value === null ? '' : String(value)}
          onChange={(e) => onChange(textOrNumber(e.target.value, kind.numeric))}
        />,
      );
    case 'number':
      return item(
        <InputNumber
          id={id}
          aria-label={name}
          value={typeof value === 'number' ? value : null}
          min={schema?.minimum}
          max={schema?.maximum}
          precision={kind.integer ? 0 : undefined}
          style={{ width: '100%' }}
          onChange={(v) => onChange(v ?? undefined)}
        />,
      );
    case 'boolean':
      return item(
        <Switch id={id} aria-label={name} checked={value === true} onChange={(v) => onChange(v)} />,
      );
    case 'enum-list':
    case 'string-list':
      return item(
        <Select
          id={id}
          mode={kind.kind === 'enum-list' ? 'multiple' : 'tags'}
          aria-label={name}
          value={Array.isArray(value) ? (value as string[]) : []}
          options={
            kind.kind === 'enum-list'
              ? kind.values.map((e) => ({ value: e as string, label: String(e) }))
              : undefined
          }
          onChange={(v: string[]) => onChange(v.length > 0 ? v : undefined)}
        />,
      );
    case 'string-map':
      return item(<StringMapField value={value} onChange={onChange} name={name} path={path} id={id} />, WIDE);
    case 'object-map':
      return <ObjectMapField {...props} />;
    case 'object-list':
      return <ObjectListField {...props} />;
    case 'object': {
      const fields = (
        <SchemaFields
          schema={schema}
          value={isObject(value) ? value : {}}
          path={path}
          problems={problems}
          onChange={(next) => onChange(next)}
        />
      );
      if (bare) return fields;
      if (value === undefined && !required) {
        return (
          <div style={{ ...WIDE, marginBottom: 12 }}>
            <Button
              size="small"
              type="dashed"
              icon={<PlusOutlined />}
              aria-label={t('schemaForm.add', { name })}
              onClick={() => onChange({})}
              title={schema?.description}
            >
              {name}
            </Button>
          </div>
        );
      }
      return (
        <Group
          legend={label}
          path={path}
          problems={problems}
          onRemove={required ? undefined : () => onChange(undefined)}
        >
          {fields}
        </Group>
      );
    }
    default:
      return (
        <JsonField
          label={label}
          id={id}
          value={value}
          onChange={onChange}
          status={problemStatus(problems, at)}
        />
      );
  }
}

/**
 * The properties of an object schema as form controls, laid out in a grid (no `<form>`, so it
 * nests inside another form). Problems at a property's path show under its control; keys the
 * schema does not have (an unknown field) are kept and shown as JSON, with their problems.
 */
export function SchemaFields({
  schema,
  value,
  onChange,
  path = [],
  problems = [],
}: {
  schema: SchemaNode | undefined;
  value?: Record<string, unknown> | undefined;
  onChange?: (next: Record<string, unknown>) => void;
  path?: readonly Segment[];
  problems?: readonly PathProblem[];
}) {
  const current = isObject(value) ? value : {};
  const properties = Object.entries(schema?.properties ?? {});
  const set = (key: string, v: unknown) => {
    const next = { ...current };
    if (v === undefined || v === '' || v === null) delete next[key];
    else next[key] = v;
    onChange?.(next);
  };
  if (properties.length === 0) {
    return (
      <JsonField
        label="properties"
        id={idOf(path)}
        value={value}
        onChange={(v) => onChange?.(isObject(v) ? v : {})}
        status={problemStatus(problems, formatPath(path))}
      />
    );
  }
  const at = formatPath(path);
  const kept = Object.keys(current).filter((k) => !(k in (schema?.properties ?? {})));
  return (
    <div style={GRID} data-path={at}>
      {properties.map(([key, prop]) => (
        <SchemaValue
          key={key}
          schema={prop}
          value={current[key]}
          name={key}
          required={schema?.required?.includes(key)}
          path={[...path, key]}
          problems={problems}
          onChange={(v) => set(key, v)}
        />
      ))}
      {kept.map((key) => (
        <SchemaValue
          key={key}
          schema={undefined}
          value={current[key]}
          name={key}
          path={[...path, key]}
          problems={problems}
          onChange={(v) => set(key, v)}
        />
      ))}
    </div>
  );
}

/** A form generated from a JSON Schema object: one control per property, by its type. */
export function SchemaForm({
  schema,
  value,
  onChange,
}: {
  schema: JsonSchema | undefined;
  value: Record<string, unknown>;
  onChange: (next: Record<string, unknown>) => void;
}) {
  if (Object.keys(schema?.properties ?? {}).length === 0)
    return <SchemaFields schema={schema} value={value} onChange={onChange} />;
  return (
    <Form layout="vertical" size="small">
      <SchemaFields schema={schema} value={value} onChange={onChange} />
    </Form>
  );
}
