import { Button, Card, Form, Input, Space, Steps, Typography, type FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemStatus, SchemaFields } from '../../workflow/SchemaForm.js';
import type { AppForm, ComponentForm, EnvironmentForm } from './app-form.js';
import { ComponentsStep } from './ComponentsStep.js';
import { EnvironmentsStep } from './EnvironmentsStep.js';
import { type ModelSchemas, modelSchemas } from './model-schema.js';
import { ProblemNotes } from './ProblemNotes.js';
import { ReviewStep } from './ReviewStep.js';
import type { EditorProblem } from './spec-problems.js';
import { TraitsEditor } from './TraitsEditor.js';
import { stepOfPath, unplacedProblems, WIZARD_STEPS, type WizardStep } from './wizard-steps.js';

/** Traits the components step edits (with the ports), so the traits step does not offer them. */
const COMPONENTS_STEP_TRAITS = ['envs', 'resources'];

/**
 * The application as a step-by-step form: basics, components, traits (per component),
 * policies, environments, and a review of the resulting YAML with its problems. Every change
 * is written back into the YAML by the page; problems from `@berth/core` (and the server)
 * show under the field they name, and mark their step.
 */
export function AppWizard({
  form,
  problems,
  onChange,
  clusters,
  yaml,
  onEditYaml,
  schemas = modelSchemas(),
}: {
  form: FormInstance<AppForm>;
  problems: readonly EditorProblem[];
  onChange: (values: AppForm) => void;
  clusters: string[];
  /** The YAML the form makes (shown in the review step). */
  yaml: string;
  /** Switches to the YAML editor (from the review step). */
  onEditYaml?: () => void;
  schemas?: ModelSchemas;
}) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(0);
  // `preserve`: fields of the steps not shown stay in the form's store, and in the YAML.
  const components: Array<Partial<ComponentForm> | undefined> =
    Form.useWatch('components', { form, preserve: true }) ?? [];
  const environments: Array<Partial<EnvironmentForm> | undefined> =
    Form.useWatch('environments', { form, preserve: true }) ?? [];
  const workspace: string = Form.useWatch('workspace', { form, preserve: true }) ?? '';
  const environmentNames = environments.map((e) => e?.name ?? '').filter(Boolean);
  const errorsIn = (step: WizardStep) =>
    problems.filter((p) => p.severity === 'error' && stepOfPath(p.path) === step).length;
  const step = WIZARD_STEPS[current]!;
  const open = (next: WizardStep) => setCurrent(WIZARD_STEPS.indexOf(next));

  const body = {
    basics: (
      <>
        <ProblemNotes
          at="metadata"
          problems={unplacedProblems(problems, 'metadata', ['metadata.name', 'metadata.workspace'])}
        />
        <Space wrap align="start">
          <Form.Item name="name" label={t('common.name')} {...problemStatus(problems, 'metadata.name')}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item
            name="workspace"
            label={t('common.workspace')}
            {...problemStatus(problems, 'metadata.workspace')}
          >
            <Input style={{ width: 220 }} />
          </Form.Item>
        </Space>
      </>
    ),
    components: (
      <ComponentsStep
        problems={problems}
        components={components}
        workspace={workspace}
        environmentNames={environmentNames}
      />
    ),
    traits: (
      <>
        {components.length === 0 ? (
          <Typography.Text type="secondary">{t('editor.noComponents')}</Typography.Text>
        ) : (
          <Typography.Paragraph type="secondary">{t('editor.traitsElsewhere')}</Typography.Paragraph>
        )}
        {components.map((component, index) => {
          const name = component?.name || t('editor.componentN', { n: index + 1 });
          return (
            <Card
              key={index}
              size="small"
              type="inner"
              style={{ marginBottom: 12 }}
              data-testid={`traits-${name}`}
              title={`${name}${component?.type ? ` (${component.type})` : ''}`}
            >
              <Form.Item name={['components', index, 'traits']} noStyle>
                <TraitsEditor
                  schema={schemas.traits}
                  path={['spec', 'components', index, 'traits']}
                  problems={problems}
                  component={name}
                  elsewhere={COMPONENTS_STEP_TRAITS}
                />
              </Form.Item>
            </Card>
          );
        })}
      </>
    ),
    policies: (
      <div data-testid="policies-form">
        <Typography.Paragraph type="secondary">{t('editor.policiesHint')}</Typography.Paragraph>
        <Form.Item name="policies" noStyle>
          <SchemaFields schema={schemas.policies} path={['spec', 'policies']} problems={problems} />
        </Form.Item>
      </div>
    ),
    environments: (
      <EnvironmentsStep
        problems={problems}
        environments={environments}
        clusters={clusters}
        schemas={schemas}
      />
    ),
    review: <ReviewStep yaml={yaml} problems={problems} onOpenStep={open} onEditYaml={onEditYaml} />,
  } satisfies Record<WizardStep, unknown>;

  return (
    <Form
      form={form}
      layout="vertical"
      onValuesChange={() => onChange(form.getFieldsValue(true) as AppForm)}
      data-testid="app-wizard"
    >
      <Steps
        size="small"
        current={current}
        onChange={setCurrent}
        data-testid="wizard-steps"
        style={{ marginBottom: 16 }}
        items={WIZARD_STEPS.map((key, index) => ({
          title: t(`editor.${key}`),
          ...(index !== current && errorsIn(key) > 0
            ? { status: 'error' as const, content: t('editor.problems', { count: errorsIn(key) }) }
            : {}),
        }))}
      />
      <section aria-label={t(`editor.${step}`)} data-testid={`wizard-step-${step}`}>
        {body[step]}
      </section>
      <Space style={{ marginTop: 16 }}>
        <Button disabled={current === 0} onClick={() => setCurrent(current - 1)}>
          {t('editor.back')}
        </Button>
        {current < WIZARD_STEPS.length - 1 && (
          <Button type="primary" ghost onClick={() => setCurrent(current + 1)}>
            {t('editor.next')}
          </Button>
        )}
      </Space>
    </Form>
  );
}
