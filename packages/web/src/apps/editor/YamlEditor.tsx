import { List, Tag, Tooltip, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditorProblem } from './spec-problems.js';

/** Moves the caret of a textarea to the start of a 1-based line and scrolls it into view. */
function goToLine(area: HTMLTextAreaElement, line: number): void {
  const lines = area.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
  area.scrollTop = Math.max(0, (line - 3) * 20);
}

/**
 * A plain YAML text editor with line numbers; lines with problems are marked in the gutter,
 * and each problem below links to its line.
 */
export function YamlEditor({
  value,
  onChange,
  problems,
}: {
  value: string;
  onChange: (text: string) => void;
  problems: EditorProblem[];
}) {
  const { t } = useTranslation();
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = value.split('\n').length;
  const badLines = new Map<number, string[]>();
  for (const p of problems) if (p.line) badLines.set(p.line, [...(badLines.get(p.line) ?? []), p.message]);
  return (
    <div>
      <div
        style={{
          display: 'flex',
          border: '1px solid #d9d9d9',
          borderRadius: 6,
          height: 460,
          overflow: 'hidden',
        }}
      >
        <div
          className="yaml-gutter"
          ref={gutter}
          style={{ width: 44, overflow: 'hidden', background: '#fafafa' }}
          aria-hidden="true"
        >
          {Array.from({ length: lineCount }, (_, i) => {
            const messages = badLines.get(i + 1);
            return messages ? (
              <Tooltip key={i} title={messages.join('\n')} placement="left">
                <div className="bad">{i + 1}</div>
              </Tooltip>
            ) : (
              <div key={i}>{i + 1}</div>
            );
          })}
        </div>
        <textarea
          ref={area}
          className="yaml-editor"
          aria-label="YAML"
          data-testid="yaml-editor"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
          onKeyDown={(e) => {
            if (e.key === 'Tab' && !e.shiftKey) {
              // Two spaces, as YAML wants; Shift+Tab (or Escape then Tab) still leaves the editor.
              e.preventDefault();
              const el = e.currentTarget;
              const { selectionStart: s, selectionEnd: end } = el;
              onChange(`${el.value.slice(0, s)}  ${el.value.slice(end)}`);
              requestAnimationFrame(() => el.setSelectionRange(s + 2, s + 2));
            }
          }}
          style={{
            flex: 1,
            border: 0,
            outline: 'none',
            resize: 'none',
            padding: '5px 8px',
            whiteSpace: 'pre',
            overflow: 'auto',
          }}
        />
      </div>
      <List
        size="small"
        data-testid="problems"
        dataSource={problems}
        locale={{ emptyText: t('editor.valid') }}
        renderItem={(p) => (
          <List.Item>
            <span>
              <Tag color={p.severity === 'error' ? 'error' : 'warning'}>{p.source}</Tag>
              {p.line !== undefined && (
                <Typography.Link onClick={() => area.current && goToLine(area.current, p.line!)}>
                  {t('editor.line', { line: p.line })}
                </Typography.Link>
              )}{' '}
              <Typography.Text code>{p.path || '/'}</Typography.Text> {p.message}
            </span>
          </List.Item>
        )}
      />
    </div>
  );
}
