import { Button, Empty, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EditorProblem } from './spec-problems.js';
import { stepOfPath, type WizardStep } from './wizard-steps.js';

/** The wizard's last step: the YAML the form makes, and every problem with a link to its step. */
export function ReviewStep({
  yaml,
  problems,
  onOpenStep,
  onEditYaml,
}: {
  yaml: string;
  problems: readonly EditorProblem[];
  onOpenStep: (step: WizardStep) => void;
  onEditYaml?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <section data-testid="review-problems" aria-label={t('editor.problems', { count: problems.length })}>
        <Typography.Title level={5}>{t('editor.problems', { count: problems.length })}</Typography.Title>
        {problems.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('editor.valid')} />
        ) : (
          <ul className="plain-list">
            {problems.map((p, index) => {
              const step = stepOfPath(p.path);
              return (
                <li key={index}>
                  <Tag color={p.severity === 'error' ? 'error' : 'warning'}>{p.severity}</Tag>
                  <Typography.Text code>{p.path || '/'}</Typography.Text> {p.message}
                  {step !== 'review' && (
                    <Button type="link" size="small" onClick={() => onOpenStep(step)}>
                      {t('editor.openStep', { step: t(`editor.${step}`) })}
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <Space>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('editor.reviewYaml')}
        </Typography.Title>
        {onEditYaml && (
          <Button size="small" onClick={onEditYaml}>
            {t('editor.editYaml')}
          </Button>
        )}
      </Space>
      <pre
        className="yaml-editor cr-code"
        data-testid="review-yaml"
        tabIndex={0}
        aria-label={t('editor.reviewYaml')}
        style={{ maxHeight: 420 }}
      >
        {yaml}
      </pre>
    </Space>
  );
}
