import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** `**bold**` and `` `code` `` inside a line of text. */
function inline(text: string): ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*|`[^`]+`)/g).map((part, i) => {
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4)
      return <strong key={i}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2)
      return (
        <Typography.Text key={i} code>
          {part.slice(1, -1)}
        </Typography.Text>
      );
    return part;
  });
}

/**
 * The little Markdown change-request descriptions use (Berth writes them): headings, fenced
 * code blocks (```diff coloured), `**bold**`, `` `code` ``, `_emphasis_` lines. Everything is
 * text: no HTML from the description reaches the page.
 */
export function Markdownish({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
      const diff = fence[1] === 'diff';
      blocks.push(
        <pre key={i} className="cr-code">
          {body.map((l, j) => (
            <span
              key={j}
              className={
                diff && l.startsWith('+') ? 'diff-add' : diff && l.startsWith('-') ? 'diff-del' : undefined
              }
            >
              {l}
              {'\n'}
            </span>
          ))}
        </pre>,
      );
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      blocks.push(
        <Typography.Text key={i} strong style={{ display: 'block', marginTop: 8 }}>
          {inline(heading[2]!)}
        </Typography.Text>,
      );
      continue;
    }
    if (line.trim() === '') continue;
    const emphasis = /^_(.*)_$/.exec(line.trim());
    blocks.push(
      <p key={i} className="cr-text">
        {emphasis ? <em>{inline(emphasis[1]!)}</em> : inline(line)}
      </p>,
    );
  }
  return <div>{blocks}</div>;
}
