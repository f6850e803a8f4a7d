import { Button, Card } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** One item of a wizard list (a component, an environment): a titled card with a Remove button. */
export function ItemCard(props: {
  testId: string;
  title: string;
  /** The Remove button's accessible name, naming the item. */
  removeLabel: string;
  onRemove: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      type="inner"
      style={{ marginBottom: 8 }}
      data-testid={props.testId}
      title={props.title}
      extra={
        <Button size="small" danger onClick={props.onRemove} aria-label={props.removeLabel}>
          {t('editor.remove')}
        </Button>
      }
    >
      {props.children}
    </Card>
  );
}
