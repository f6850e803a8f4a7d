import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Checkbox,
  type CheckboxChangeEvent,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { problemStatus } from '../../workflow/SchemaForm.js';
import type { PortForm } from './app-form.js';
import { ProblemNotes } from './ProblemNotes.js';
import type { EditorProblem } from './spec-problems.js';
import { unplacedProblems } from './wizard-steps.js';

/** The port fields that have a control in each row. */
export const PORT_FIELDS = ['port', 'name', 'protocol', 'expose'] as const;
/** The protocols the model allows for a container port. */
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** A new port row. */
const NEW_PORT: PortForm = { extra: {} };

/** A cleared text field removes its key from the YAML instead of writing `''`. */
const clearedToUndefined = (value: unknown) => (value === '' ? undefined : value);

/**
 * A component's container ports, one row each: number, optional name, protocol and expose.
 * `at` is the component's path (`spec.components[0]`): the model's problems at
 * `<at>.ports[1].port` show under that row's port number.
 */
export function PortRows({
  field,
  at,
  component,
  problems,
}: {
  /** The component's index in the components list. */
  field: number;
  at: string;
  /** The component's name, for accessible labels. */
  component: string;
  problems: readonly EditorProblem[];
}) {
  const { t } = useTranslation();
  return (
    <Form.List name={[field, 'ports']}>
      {(rows, { add, remove }) => (
        <div data-testid={`ports-${field}`} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{t('editor.ports')}</Typography.Text>
          <ProblemNotes
            at={`${at}.ports`}
            problems={unplacedProblems(
              problems,
              `${at}.ports`,
              rows.flatMap((row) => PORT_FIELDS.map((f) => `${at}.ports[${row.name}].${f}`)),
            )}
          />
          {rows.map((row) => {
            const path = `${at}.ports[${row.name}]`;
            const n = row.name + 1;
            return (
              <Space key={row.key} wrap align="start" data-testid={`port-row-${row.name}`}>
                <Form.Item name={[row.name, 'port']} {...problemStatus(problems, `${path}.port`)}>
                  <InputNumber
                    aria-label={t('editor.portN', { n })}
                    placeholder="8080"
                    style={{ width: 110 }}
                  />
                </Form.Item>
                <Form.Item
                  name={[row.name, 'name']}
                  normalize={clearedToUndefined}
                  {...problemStatus(problems, `${path}.name`)}
                >
                  <Input
                    aria-label={t('editor.portNameN', { n })}
                    placeholder={t('editor.portNamePlaceholder')}
                    style={{ width: 150 }}
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'protocol']} {...problemStatus(problems, `${path}.protocol`)}>
                  <Select
                    aria-label={t('editor.protocolN', { n })}
                    placeholder="TCP"
                    allowClear
                    style={{ width: 100 }}
                    options={PROTOCOLS.map((p) => ({ value: p, label: p }))}
                  />
                </Form.Item>
                <Form.Item
                  name={[row.name, 'expose']}
                  valuePropName="checked"
                  // Unchecking removes `expose` (false is the default) rather than writing `false`.
                  getValueFromEvent={(e: CheckboxChangeEvent) => e.target.checked || undefined}
                  {...problemStatus(problems, `${path}.expose`)}
                >
                  <Checkbox aria-label={t('editor.exposeN', { n })}>{t('editor.expose')}</Checkbox>
                </Form.Item>
                <Button
                  type="text"
                  icon={<CloseOutlined />}
                  aria-label={t('editor.removePort', { n, component })}
                  onClick={() => remove(row.name)}
                />
              </Space>
            );
          })}
          <div>
            <Button
              size="small"
              type="dashed"
              icon={<PlusOutlined />}
              aria-label={t('editor.addPortTo', { component })}
              onClick={() => add(structuredClone(NEW_PORT))}
            >
              {t('editor.addPort')}
            </Button>
          </div>
        </div>
      )}
    </Form.List>
  );
}
