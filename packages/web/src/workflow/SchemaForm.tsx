import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { useState } from 'react';
import type { JsonSchema } from '../api/types.js';

function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  if (schema.type) return schema.type;
  const variant = schema.anyOf ?? schema.oneOf;
  return variant ? variant.map(typeOf).find(Boolean) : undefined;
}

/** A JSON value edited as text (objects, mixed arrays): applied when it parses. */
function JsonField({ value, onChange, label }: { value: unknown; onChange: (v: unknown) => void; label: string }) {
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value, null, 2)));
  const [bad, setBad] = useState(false);
  return (
    <Form.Item label={label} validateStatus={bad ? 'error' : undefined} help={bad ? 'JSON' : undefined}>
      <Input.TextArea className="yaml-editor" autoSize={{ minRows: 2, maxRows: 8 }} value={text} aria-label={label}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(e.target.value.trim() ? JSON.parse(e.target.value) : undefined);
            setBad(false);
          } catch {
            setBad(true);
          }
        }} />
    </Form.Item>
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
  const properties = Object.entries(schema?.properties ?? {});
  const set = (key: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined || v === '' || v === null) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  if (properties.length === 0) return <JsonField label="properties" value={value} onChange={(v) => onChange((v as Record<string, unknown>) ?? {})} />;
  return (
    <Form layout="vertical" size="small">
      {properties.map(([key, prop]) => {
        const label = `${key}${schema?.required?.includes(key) ? ' *' : ''}`;
        const common = { label, tooltip: prop.description, key };
        const type = typeOf(prop);
        if (prop.enum) {
          return (
            <Form.Item {...common}>
              <Select allowClear aria-label={key} value={value[key] as string} onChange={(v) => set(key, v)}
                options={prop.enum.map((e) => ({ value: e as string, label: String(e) }))} />
            </Form.Item>
          );
        }
        if (type === 'string') {
          return (
            <Form.Item {...common}>
              <Input aria-label={key} value={(value[key] as string) ?? ''} placeholder={prop.default !== undefined ? String(prop.default) : undefined} onChange={(e) => set(key, e.target.value)} />
            </Form.Item>
          );
        }
        if (type === 'number' || type === 'integer') {
          return (
            <Form.Item {...common}>
              <InputNumber aria-label={key} value={value[key] as number} min={prop.minimum} max={prop.maximum} precision={type === 'integer' ? 0 : undefined} onChange={(v) => set(key, v ?? undefined)} />
            </Form.Item>
          );
        }
        if (type === 'boolean') {
          return (
            <Form.Item {...common}>
              <Switch aria-label={key} checked={value[key] === true} onChange={(v) => set(key, v)} />
            </Form.Item>
          );
        }
        if (type === 'array' && typeOf(prop.items ?? {}) === 'string') {
          return (
            <Form.Item {...common}>
              <Select mode="tags" aria-label={key} value={(value[key] as string[]) ?? []} onChange={(v: string[]) => set(key, v.length ? v : undefined)} />
            </Form.Item>
          );
        }
        return <JsonField key={key} label={label} value={value[key]} onChange={(v) => set(key, v)} />;
      })}
    </Form>
  );
}
