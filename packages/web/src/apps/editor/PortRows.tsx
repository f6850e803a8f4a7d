import { Checkbox, type CheckboxChangeEvent, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemStatus } from '../../workflow/SchemaForm.js';
import type { PortForm } from './app-form.js';
import { RowList } from './RowList.js';
import type { EditorProblem } from './spec-problems.js';

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
    <RowList
      name={[field, 'ports']}
      testId={`ports-${field}`}
      rowTestId="port-row"
      title={t('editor.ports')}
      at={`${at}.ports`}
      problems={problems}
      rowPaths={(i) => PORT_FIELDS.map((f) => `${at}.ports[${i}].${f}`)}
      removeLabel={(n) => t('editor.removePort', { n, component })}
      addLabel={t('editor.addPortTo', { component })}
      addText={t('editor.addPort')}
      newRow={() => structuredClone(NEW_PORT)}
    >
      {(row, n) => {
        const path = `${at}.ports[${row.name}]`;
        return (
          <>
            <Form.Item name={[row.name, 'port']} {...problemStatus(problems, `${path}.port`)}>
              <InputNumber aria-label={t('editor.portN', { n })} placeholder="8080" style={{ width: 110 }} />
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
          </>
        );
      }}
    </RowList>
  );
}
