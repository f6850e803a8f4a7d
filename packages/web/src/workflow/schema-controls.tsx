/**
 * The building blocks of generated forms: where problems show, control ids, layout, and the
 * controls that need no recursion (JSON text, fieldsets, key=value tags).
 */
import { CloseOutlined } from '@ant-design/icons';
import { formatPath } from '@berth/core';
import { Button, Form, Input, Select } from 'antd';
import { useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Segment } from './schema-kind.js';

/** A problem of the document being edited, at a path such as `spec.policies.maxSurge`. */
export interface PathProblem {
  path: string;
  message: string;
}

export type Json = Record<string, unknown>;
/** A plain object (not an array, not null). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The problems at exactly `path`, as antd Form.Item `validateStatus` and `help`. */
export function problemStatus(problems: readonly PathProblem[], path: string) {
  const own = problems.filter((p) => p.path === path);
  return own.length > 0
    ? { validateStatus: 'error' as const, help: own.map((p) => p.message).join('; ') }
    : {};
}

/** An element id for the control at `path` (labels point at it). */
export const idOf = (path: readonly Segment[]) => `sf-${formatPath(path).replace(/[^\w-]+/g, '_')}`;

export const GRID: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
  columnGap: 12,
};
export const WIDE: CSSProperties = { gridColumn: '1 / -1' };
export const GROUP: CSSProperties = {
  ...WIDE,
  border: '1px solid #f0f0f0',
  borderRadius: 6,
  padding: '4px 12px 8px',
  margin: '0 0 12px',
};
export const ERROR_TEXT: CSSProperties = { color: '#ff4d4f', margin: '0 0 8px' };

/** A JSON value edited as text (objects, mixed arrays): applied when it parses. */
export function JsonField({
  value,
  onChange,
  label,
  id,
  status,
}: {
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
  id?: string;
  status?: ReturnType<typeof problemStatus>;
}) {
  const { t } = useTranslation();
  const show = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));
  const [text, setText] = useState(() => show(value));
  const [bad, setBad] = useState(false);
  // Follow changes made elsewhere (the YAML editor, a removed list item), not the echo of our own.
  const [seen, setSeen] = useState<unknown>(value);
  if (seen !== value) {
    setSeen(value);
    if (!bad) setText(show(value));
  }
  return (
    <Form.Item
      label={label}
      htmlFor={id}
      style={WIDE}
      {...(bad ? { validateStatus: 'error', help: t('schemaForm.badJson') } : status)}
    >
      <Input.TextArea
        id={id}
        className="yaml-editor"
        autoSize={{ minRows: 2, maxRows: 8 }}
        value={text}
        aria-label={label}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const parsed: unknown = e.target.value.trim() ? JSON.parse(e.target.value) : undefined;
            setSeen(parsed);
            onChange(parsed);
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
    </Form.Item>
  );
}

/** A fieldset for a nested object or list, with a remove button when it may be left out. */
export function Group({
  legend,
  onRemove,
  path,
  problems,
  children,
}: {
  legend: string;
  onRemove?: (() => void) | undefined;
  path: readonly Segment[];
  problems: readonly PathProblem[];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const status = problemStatus(problems, formatPath(path));
  return (
    <fieldset style={GROUP} data-path={formatPath(path)}>
      <legend style={{ fontSize: 14, width: 'auto', margin: 0, padding: '0 4px', border: 0 }}>
        {legend}
        {onRemove && (
          <Button
            type="text"
            size="small"
            icon={<CloseOutlined />}
            aria-label={t('schemaForm.remove', { name: legend })}
            onClick={onRemove}
          />
        )}
      </legend>
      {status.help && (
        <div role="alert" style={ERROR_TEXT}>
          {status.help}
        </div>
      )}
      {children}
    </fieldset>
  );
}

/** "key=value" tags for a map of strings (labels, annotations, nodeSelector). */
export function StringMapField({
  value,
  onChange,
  name,
  path,
  id,
}: {
  value: unknown;
  onChange: (v: unknown) => void;
  name: string;
  path: readonly Segment[];
  id: string;
}) {
  const map = isObject(value) ? value : {};
  return (
    <Select
      mode="tags"
      id={id}
      aria-label={name}
      data-path={formatPath(path)}
      tokenSeparators={[',']}
      value={Object.entries(map).map(([k, v]) => `${k}=${String(v)}`)}
      onChange={(tags: string[]) => {
        const next = Object.fromEntries(
          tags.map((tag) => {
            const at = tag.indexOf('=');
            return at < 0 ? [tag.trim(), ''] : [tag.slice(0, at).trim(), tag.slice(at + 1).trim()];
          }),
        );
        onChange(Object.keys(next).length > 0 ? next : undefined);
      }}
    />
  );
}

/** The number (or text) a field of a `string | number` union holds: digits become a number. */
export function textOrNumber(text: string, numeric: boolean): unknown {
  if (text.trim() === '') return undefined;
  return numeric && /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
}
