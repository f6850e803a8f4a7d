import { COMPONENT_TYPES } from '@berth/core';
import { Button, Divider, Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemStatus } from '../../workflow/SchemaForm.js';
import type { ComponentForm } from './app-form.js';
import { EnvRows } from './EnvRows.js';
import { ItemCard } from './ItemCard.js';
import { PortRows } from './PortRows.js';
import { type HelmFields, repoCheckInput } from './repo-check.js';
import { ProblemNotes } from './ProblemNotes.js';
import { RepoCheck } from './RepoCheck.js';
import { ResourceFields } from './ResourceFields.js';
import type { EditorProblem } from './spec-problems.js';
import { stepOfPath, unplacedProblems } from './wizard-steps.js';

/** A new component in the form. */
export const NEW_COMPONENT: ComponentForm = {
  name: '',
  type: 'webservice',
  image: '',
  ports: [],
  dependsOn: [],
  env: [],
  traits: {},
  extra: {},
};

/** The component fields this step has a control for (their problems show under them). */
const FIELDS = ['name', 'type', 'image', 'replicas', 'dependsOn'];
/** Parts with a section of their own, which lists the problems none of its fields shows. */
const SECTIONS = ['ports', 'traits.envs', 'traits.resources'];
const HELM_FIELDS = ['repoURL', 'path', 'targetRevision'];

/**
 * Whether the component runs a container of its own, so has ports, variables and resources to
 * edit: every type but helm and manifests (those still show them when the YAML sets them).
 */
const runsContainer = (c: Partial<ComponentForm> | undefined) =>
  !['helm', 'manifests'].includes(c?.type ?? '') ||
  (c?.ports?.length ?? 0) > 0 ||
  (c?.env?.length ?? 0) > 0 ||
  c?.resources !== undefined;

/** A helm component's chart source (kept in its `extra.helm`) and its "Validate repo" check. */
function HelmSource({
  at,
  field,
  problems,
  workspace,
  component,
  helm,
  environments,
}: {
  at: string;
  field: number;
  problems: readonly EditorProblem[];
  workspace: string;
  component: string;
  helm: HelmFields | undefined;
  environments: string[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <Space wrap align="start">
        <Form.Item
          name={[field, 'extra', 'helm', 'repoURL']}
          label={t('repoCheck.repoURL')}
          {...problemStatus(problems, `${at}.repoURL`)}
        >
          <Input style={{ width: 340 }} />
        </Form.Item>
        <Form.Item
          name={[field, 'extra', 'helm', 'path']}
          label={t('repoCheck.chartPath')}
          {...problemStatus(problems, `${at}.path`)}
        >
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name={[field, 'extra', 'helm', 'targetRevision']}
          label={t('repoCheck.targetRevision')}
          {...problemStatus(problems, `${at}.targetRevision`)}
        >
          <Input style={{ width: 140 }} />
        </Form.Item>
      </Space>
      <RepoCheck workspace={workspace} component={component} input={repoCheckInput(helm, environments)} />
    </>
  );
}

/**
 * The wizard's components step: name, type, image, replicas, dependencies (and a helm chart's
 * source), then the container's ports, environment variables and resources.
 */
export function ComponentsStep({
  problems,
  components,
  workspace,
  environmentNames,
}: {
  problems: readonly EditorProblem[];
  components: Array<Partial<ComponentForm> | undefined>;
  workspace: string;
  environmentNames: string[];
}) {
  const { t } = useTranslation();
  const componentNames = components.map((c) => c?.name).filter((n): n is string => !!n);
  return (
    <Form.List name="components">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => {
            const at = `spec.components[${field.name}]`;
            const component = components[field.name];
            const label = component?.name || t('editor.componentN', { n: field.name + 1 });
            return (
              <ItemCard
                key={field.key}
                testId={`component-${field.name}`}
                title={label}
                removeLabel={t('editor.removeComponent', { name: component?.name || field.name + 1 })}
                onRemove={() => remove(field.name)}
              >
                <ProblemNotes
                  at={at}
                  problems={unplacedProblems(
                    // The other traits have their own step.
                    problems.filter((p) => stepOfPath(p.path) === 'components'),
                    at,
                    [
                      ...FIELDS.map((f) => `${at}.${f}`),
                      ...(component?.type === 'helm' ? HELM_FIELDS.map((f) => `${at}.helm.${f}`) : []),
                    ],
                    SECTIONS.map((s) => `${at}.${s}`),
                  )}
                />
                <Space wrap align="start">
                  <Form.Item
                    name={[field.name, 'name']}
                    label={t('common.name')}
                    {...problemStatus(problems, `${at}.name`)}
                  >
                    <Input style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'type']}
                    label={t('editor.type')}
                    {...problemStatus(problems, `${at}.type`)}
                  >
                    <Select
                      style={{ width: 140 }}
                      options={COMPONENT_TYPES.map((c) => ({ value: c, label: c }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'image']}
                    label={t('editor.image')}
                    {...problemStatus(problems, `${at}.image`)}
                  >
                    <Input style={{ width: 260 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'replicas']}
                    label={t('editor.replicas')}
                    {...problemStatus(problems, `${at}.replicas`)}
                  >
                    <InputNumber min={0} style={{ width: 90 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'dependsOn']}
                    label={t('editor.dependsOn')}
                    {...problemStatus(problems, `${at}.dependsOn`)}
                  >
                    <Select
                      mode="multiple"
                      style={{ width: 200 }}
                      options={componentNames
                        .filter((n) => n !== component?.name)
                        .map((n) => ({ value: n, label: n }))}
                    />
                  </Form.Item>
                </Space>
                {component?.type === 'helm' && (
                  <HelmSource
                    at={`${at}.helm`}
                    field={field.name}
                    problems={problems}
                    workspace={workspace}
                    component={component.name || String(field.name)}
                    helm={(component.extra as { helm?: HelmFields } | undefined)?.helm}
                    environments={environmentNames}
                  />
                )}
                {runsContainer(component) && (
                  <>
                    <Divider size="small" />
                    <PortRows field={field.name} at={at} component={label} problems={problems} />
                    <EnvRows
                      field={field.name}
                      at={at}
                      component={label}
                      rows={component?.env ?? []}
                      problems={problems}
                    />
                    <ResourceFields field={field.name} at={at} problems={problems} />
                  </>
                )}
              </ItemCard>
            );
          })}
          <Button onClick={() => add(structuredClone(NEW_COMPONENT))}>{t('editor.addComponent')}</Button>
        </>
      )}
    </Form.List>
  );
}
