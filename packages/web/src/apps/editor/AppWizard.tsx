import { COMPONENT_TYPES } from '@berth/core';
import { Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AppForm, ComponentForm, EnvironmentForm } from './app-form.js';
import { type HelmFields, repoCheckInput } from './repo-check.js';
import { RepoCheck } from './RepoCheck.js';
import type { EditorProblem } from './spec-problems.js';

/** Holds a form value the wizard keeps without showing it (fields it has no control for). */
function Kept(_: { value?: unknown }) {
  return null;
}

/** Problems of one form field path, as antd `help` text. */
function helpFor(problems: readonly EditorProblem[], path: string) {
  const own = problems.filter((p) => p.path === path);
  return own.length > 0
    ? { validateStatus: 'error' as const, help: own.map((p) => p.message).join('; ') }
    : {};
}

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
          {...helpFor(problems, `${at}.repoURL`)}
        >
          <Input style={{ width: 340 }} />
        </Form.Item>
        <Form.Item
          name={[field, 'extra', 'helm', 'path']}
          label={t('repoCheck.chartPath')}
          {...helpFor(problems, `${at}.path`)}
        >
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name={[field, 'extra', 'helm', 'targetRevision']}
          label={t('repoCheck.targetRevision')}
          {...helpFor(problems, `${at}.targetRevision`)}
        >
          <Input style={{ width: 140 }} />
        </Form.Item>
      </Space>
      <RepoCheck workspace={workspace} component={component} input={repoCheckInput(helm, environments)} />
    </>
  );
}

/**
 * The application as a form: basics, components (type, image, replicas, ports, dependencies,
 * traits as YAML), environments. Every change is written back into the YAML by the page.
 */
export function AppWizard({
  form,
  problems,
  onChange,
  clusters,
}: {
  form: FormInstance<AppForm>;
  problems: readonly EditorProblem[];
  onChange: (values: AppForm) => void;
  clusters: string[];
}) {
  const { t } = useTranslation();
  const components: Array<Partial<ComponentForm> | undefined> = Form.useWatch('components', form) ?? [];
  const environmentNames = (
    (Form.useWatch('environments', form) ?? []) as Array<Partial<EnvironmentForm> | undefined>
  )
    .map((e) => e?.name ?? '')
    .filter(Boolean);
  const workspace: string = Form.useWatch('workspace', form) ?? '';
  const componentNames: string[] = components
    .map((c) => c?.name)
    .filter((n: string | undefined): n is string => !!n);
  return (
    <Form form={form} layout="vertical" onValuesChange={(_, all) => onChange(all)} data-testid="app-wizard">
      <Card size="small" title={t('editor.basics')} style={{ marginBottom: 12 }}>
        <Space wrap>
          <Form.Item name="name" label={t('common.name')} {...helpFor(problems, 'metadata.name')}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item
            name="workspace"
            label={t('common.workspace')}
            {...helpFor(problems, 'metadata.workspace')}
          >
            <Input style={{ width: 220 }} />
          </Form.Item>
        </Space>
      </Card>
      <Card size="small" title={t('editor.components')} style={{ marginBottom: 12 }}>
        <Form.List name="components">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => {
                const at = `spec.components[${field.name}]`;
                return (
                  <Card
                    key={field.key}
                    size="small"
                    type="inner"
                    style={{ marginBottom: 8 }}
                    extra={
                      <Button size="small" danger onClick={() => remove(field.name)}>
                        {t('editor.remove')}
                      </Button>
                    }
                  >
                    <Space wrap align="start">
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('common.name')}
                        {...helpFor(problems, `${at}.name`)}
                      >
                        <Input style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'type']}
                        label={t('editor.type')}
                        {...helpFor(problems, `${at}.type`)}
                      >
                        <Select
                          style={{ width: 140 }}
                          options={COMPONENT_TYPES.map((c) => ({ value: c, label: c }))}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'image']}
                        label={t('editor.image')}
                        {...helpFor(problems, `${at}.image`)}
                      >
                        <Input style={{ width: 260 }} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'replicas']}
                        label={t('editor.replicas')}
                        {...helpFor(problems, `${at}.replicas`)}
                      >
                        <InputNumber min={0} style={{ width: 90 }} />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'ports']}
                        label={t('editor.ports')}
                        {...helpFor(problems, `${at}.ports`)}
                      >
                        <Input style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'expose']} valuePropName="checked" label=" ">
                        <Checkbox>expose</Checkbox>
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'dependsOn']}
                        label={t('editor.dependsOn')}
                        {...helpFor(problems, `${at}.dependsOn`)}
                      >
                        <Select
                          mode="multiple"
                          style={{ width: 200 }}
                          options={componentNames.map((n: string) => ({ value: n, label: n }))}
                        />
                      </Form.Item>
                    </Space>
                    <Form.Item name={[field.name, 'extra']} hidden>
                      <Kept />
                    </Form.Item>
                    {components[field.name]?.type === 'helm' && (
                      <HelmSource
                        at={`${at}.helm`}
                        field={field.name}
                        problems={problems}
                        workspace={workspace}
                        component={components[field.name]?.name || String(field.name)}
                        helm={(components[field.name]?.extra as { helm?: HelmFields } | undefined)?.helm}
                        environments={environmentNames}
                      />
                    )}
                    <Form.Item
                      name={[field.name, 'traits']}
                      label={t('editor.traits')}
                      {...helpFor(problems, `${at}.traits`)}
                    >
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 10 }} className="yaml-editor" />
                    </Form.Item>
                  </Card>
                );
              })}
              <Button
                onClick={() =>
                  add({
                    name: '',
                    type: 'webservice',
                    image: '',
                    ports: '',
                    expose: false,
                    dependsOn: [],
                    traits: '',
                    extra: {},
                  })
                }
              >
                {t('editor.addComponent')}
              </Button>
            </>
          )}
        </Form.List>
      </Card>
      <Card size="small" title={t('editor.environments')}>
        <Form.List name="environments">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => {
                const at = `spec.environments[${field.name}]`;
                return (
                  <Space key={field.key} wrap align="start">
                    <Form.Item
                      name={[field.name, 'name']}
                      label={t('common.name')}
                      {...helpFor(problems, `${at}.name`)}
                    >
                      <Input style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'cluster']}
                      label={t('common.cluster')}
                      {...helpFor(problems, `${at}.cluster`)}
                    >
                      <Select
                        style={{ width: 160 }}
                        options={clusters.map((c) => ({ value: c, label: c }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'namespace']}
                      label={t('editor.namespace')}
                      {...helpFor(problems, `${at}.namespace`)}
                    >
                      <Input style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'delivery']} label={t('editor.delivery')}>
                      <Select style={{ width: 110 }} options={[{ value: 'direct' }, { value: 'gitops' }]} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'extra']} hidden>
                      <Kept />
                    </Form.Item>
                    <Form.Item label=" ">
                      <Button danger onClick={() => remove(field.name)}>
                        {t('editor.remove')}
                      </Button>
                    </Form.Item>
                  </Space>
                );
              })}
              <div>
                <Button
                  onClick={() =>
                    add({
                      name: '',
                      cluster: clusters[0] ?? '',
                      namespace: '',
                      delivery: 'direct',
                      extra: {},
                    })
                  }
                >
                  {t('editor.addEnvironment')}
                </Button>
              </div>
            </>
          )}
        </Form.List>
      </Card>
    </Form>
  );
}
