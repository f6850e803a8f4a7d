import { Button, Card, Empty, Form, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChangeRequestCheck, ChangeRequestDetail, ReviewState } from '../api/types.js';
import { formatTime } from '../common/time.js';
import type { ActionState } from './cr-actions.js';
import { useReasonText } from './ChangeRequestActions.js';
import { Markdownish } from './Markdownish.js';

const CHECK_COLORS: Record<ChangeRequestCheck['status'], string> = {
  pending: 'processing',
  success: 'success',
  failure: 'error',
  error: 'error',
};

const REVIEW_COLORS: Record<ReviewState, string> = {
  approved: 'success',
  'changes-requested': 'warning',
  commented: 'default',
};

/** The checks reported on a change request (the render and validate-repo results). */
export function ChecksList({ checks }: { checks: readonly ChangeRequestCheck[] }) {
  const { t, i18n } = useTranslation();
  if (checks.length === 0)
    return <Typography.Text type="secondary">{t('changeRequests.noChecks')}</Typography.Text>;
  return (
    <ul className="plain-list">
      {checks.map((check) => (
        <li key={check.name} data-testid={`cr-check-${check.name}`}>
          <Space wrap>
            <Tag color={CHECK_COLORS[check.status]}>{t(`changeRequests.checkStates.${check.status}`)}</Tag>
            <Typography.Text strong>{check.name}</Typography.Text>
            <Typography.Text type="secondary">{formatTime(check.updatedAt, i18n.language)}</Typography.Text>
          </Space>
          <p className="cr-text">{check.summary}</p>
        </li>
      ))}
    </ul>
  );
}

/** Description, checks, reviews and comments, with the comment form. */
export function ConversationPanel({
  cr,
  comment,
  busy,
  onComment,
}: {
  cr: ChangeRequestDetail;
  comment: ActionState;
  busy: boolean;
  onComment: (body: string) => Promise<boolean>;
}) {
  const { t, i18n } = useTranslation();
  const reasonText = useReasonText();
  const [text, setText] = useState('');
  const submit = async () => {
    if (text.trim() && (await onComment(text.trim()))) setText('');
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card size="small" title={t('changeRequests.description')}>
        {cr.description ? (
          <div
            className="cr-description"
            tabIndex={0}
            role="region"
            aria-label={t('changeRequests.description')}
          >
            <Markdownish text={cr.description} />
          </div>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        )}
      </Card>
      <Card size="small" title={t('changeRequests.checks')}>
        <ChecksList checks={cr.checks} />
      </Card>
      <Card size="small" title={t('changeRequests.reviews')}>
        {cr.reviews.length === 0 ? (
          <Typography.Text type="secondary">{t('changeRequests.noReviews')}</Typography.Text>
        ) : (
          <ul className="plain-list">
            {cr.reviews.map((review, i) => (
              <li key={i} data-testid="cr-review">
                <Space wrap>
                  <Typography.Text strong>{review.reviewer}</Typography.Text>
                  <Tag color={REVIEW_COLORS[review.state]}>
                    {t(`changeRequests.reviewStates.${review.state}`)}
                  </Tag>
                  <Typography.Text type="secondary">
                    {formatTime(review.createdAt, i18n.language)}
                  </Typography.Text>
                  {review.body && <span className="cr-text">{review.body}</span>}
                </Space>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card size="small" title={t('changeRequests.comments')}>
        {cr.comments.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('changeRequests.noComments')} />
        ) : (
          <ul className="plain-list">
            {cr.comments.map((c) => (
              <li key={c.id} data-testid="cr-comment">
                <Space>
                  <Typography.Text strong>{c.author}</Typography.Text>
                  <Typography.Text type="secondary">{formatTime(c.createdAt, i18n.language)}</Typography.Text>
                </Space>
                <p className="cr-text">{c.body}</p>
              </li>
            ))}
          </ul>
        )}
        <Form layout="vertical" onFinish={() => void submit()} style={{ marginTop: 12 }}>
          <Form.Item
            label={t('changeRequests.commentLabel')}
            htmlFor="cr-comment-text"
            help={reasonText(comment.reason) || undefined}
          >
            <Input.TextArea
              id="cr-comment-text"
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
              }}
              placeholder={t('changeRequests.commentPlaceholder')}
              autoSize={{ minRows: 2, maxRows: 10 }}
              disabled={!comment.enabled && !busy}
              maxLength={100_000}
            />
          </Form.Item>
          <Button
            htmlType="submit"
            loading={busy}
            disabled={(!comment.enabled && !busy) || !text.trim()}
            data-testid="cr-comment-submit"
          >
            {t('changeRequests.comment')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
