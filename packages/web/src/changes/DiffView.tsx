import { Button, Collapse, Empty, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileDiff } from '../api/types.js';
import { type DiffLine, parseFilePatch } from './unified-diff.js';

/** Lines shown per file before "show all" (a generated file can be long). */
export const LINES_SHOWN = 800;

const STATUS_COLORS: Record<FileDiff['status'], string> = {
  added: 'success',
  modified: 'processing',
  deleted: 'error',
  renamed: 'warning',
};

const MARK: Record<DiffLine['kind'], string> = { add: '+', del: '-', context: ' ', hunk: '', note: '' };

/** One file's unified diff as a table: old and new line numbers, coloured additions and deletions. */
export function FilePatch({ file }: { file: FileDiff }) {
  const { t } = useTranslation();
  const parsed = useMemo(() => parseFilePatch(file.patch), [file.patch]);
  const [all, setAll] = useState(false);
  if (parsed.lines.length === 0)
    return <Typography.Text type="secondary">{t('changeRequests.noTextChanges')}</Typography.Text>;
  const shown = all ? parsed.lines : parsed.lines.slice(0, LINES_SHOWN);
  return (
    <div className="diff-file">
      <table className="diff-table" aria-label={file.path}>
        <colgroup>
          <col className="diff-num" />
          <col className="diff-num" />
          <col />
        </colgroup>
        <tbody>
          {shown.map((line, i) => (
            <tr key={i} className={`diff-line diff-line-${line.kind}`} data-kind={line.kind}>
              <td className="diff-num" aria-hidden="true">
                {line.oldLine ?? ''}
              </td>
              <td className="diff-num" aria-hidden="true">
                {line.newLine ?? ''}
              </td>
              <td className="diff-code">
                <span className="diff-mark">{MARK[line.kind]}</span>
                {line.text}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length < parsed.lines.length && (
        <Button size="small" type="link" onClick={() => setAll(true)}>
          {t('changeRequests.showAllLines', { count: parsed.lines.length })}
        </Button>
      )}
    </div>
  );
}

/** What a file header says: status, path (old → new when renamed), lines added and removed. */
function FileHeader({ file }: { file: FileDiff }) {
  const { t } = useTranslation();
  const { additions, deletions } = useMemo(() => parseFilePatch(file.patch), [file.patch]);
  return (
    <Space wrap>
      <Tag color={STATUS_COLORS[file.status]}>{t(`changeRequests.fileStates.${file.status}`)}</Tag>
      <Typography.Text code>
        {file.oldPath && file.oldPath !== file.path ? `${file.oldPath} → ${file.path}` : file.path}
      </Typography.Text>
      <Typography.Text type="success" aria-label={t('changeRequests.linesAdded', { count: additions })}>
        +{additions}
      </Typography.Text>
      <Typography.Text type="danger" aria-label={t('changeRequests.linesRemoved', { count: deletions })}>
        −{deletions}
      </Typography.Text>
    </Space>
  );
}

/** Every changed file, each collapsible (all open at first), with expand / collapse all. */
export function DiffView({ files }: { files: readonly FileDiff[] }) {
  const { t } = useTranslation();
  const keys = files.map((f) => f.path);
  const [open, setOpen] = useState<string[]>(keys);
  if (files.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('changeRequests.noFiles')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="cr-diff">
      <Space>
        <Button size="small" onClick={() => setOpen(keys)}>
          {t('changeRequests.expandAll')}
        </Button>
        <Button size="small" onClick={() => setOpen([])}>
          {t('changeRequests.collapseAll')}
        </Button>
      </Space>
      <Collapse
        activeKey={open}
        onChange={(next) => setOpen(Array.isArray(next) ? next : [next])}
        items={files.map((file) => ({
          key: file.path,
          label: <FileHeader file={file} />,
          children: <FilePatch file={file} />,
        }))}
      />
    </Space>
  );
}
