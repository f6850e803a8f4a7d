import { Button, Collapse, Form, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { problemStatus, SchemaFields } from '../../workflow/SchemaForm.js';
import type { EnvironmentForm } from './app-form.js';
import { ItemCard } from './ItemCard.js';
import type { ModelSchemas } from './model-schema.js';
import { ProblemNotes } from './ProblemNotes.js';
import type { EditorProblem } from './spec-problems.js';
import { unplacedProblems } from './wizard-steps.js';

/**
 * The wizard's environments step: name, cluster, namespace and delivery; the gitops settings
 * and the per-environment overrides as forms generated from the model's schema.
 */
export function EnvironmentsStep({
  problems,
  environments,
  clusters,
  schemas,
}: {
  problems: readonly EditorProblem[];
  environments: Array<Partial<EnvironmentForm> | undefined>;
  clusters: string[];
  schemas: ModelSchemas;
}) {
  const { t } = useTranslation();
  return (
    <Form.List name="environments">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => {
            const at = `spec.environments[${field.name}]`;
            const environment = environments[field.name];
            const gitops =
              environment?.delivery === 'gitops' || Object.keys(environment?.gitops ?? {}).length > 0;
            const overridden = Object.keys(environment?.overrides ?? {}).length > 0;
            return (
              <ItemCard
                key={field.key}
                testId={`environment-${field.name}`}
                title={environment?.name || t('editor.environmentN', { n: field.name + 1 })}
                removeLabel={t('editor.removeEnvironment', { name: environment?.name || field.name + 1 })}
                onRemove={() => remove(field.name)}
              >
                <ProblemNotes
                  at={at}
                  problems={unplacedProblems(
                    problems,
                    at,
                    ['name', 'cluster', 'namespace', 'delivery'].map((f) => `${at}.${f}`),
                    [...(gitops ? [`${at}.gitops`] : []), `${at}.overrides`],
                  )}
                />
                <Space wrap align="start">
                  <Form.Item
                    name={[field.name, 'name']}
                    label={t('common.name')}
                    {...problemStatus(problems, `${at}.name`)}
                  >
                    <Input style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'cluster']}
                    label={t('common.cluster')}
                    {...problemStatus(problems, `${at}.cluster`)}
                  >
                    <Select style={{ width: 160 }} options={clusters.map((c) => ({ value: c, label: c }))} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'namespace']}
                    label={t('editor.namespace')}
                    {...problemStatus(problems, `${at}.namespace`)}
                  >
                    <Input style={{ width: 160 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'delivery']}
                    label={t('editor.delivery')}
                    {...problemStatus(problems, `${at}.delivery`)}
                  >
                    <Select style={{ width: 110 }} options={[{ value: 'direct' }, { value: 'gitops' }]} />
                  </Form.Item>
                </Space>
                {gitops && (
                  <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                    <legend style={{ fontSize: 14, border: 0, marginBottom: 4 }}>{t('editor.gitops')}</legend>
                    <Form.Item name={[field.name, 'gitops']} noStyle>
                      <SchemaFields
                        schema={schemas.gitops}
                        path={['spec', 'environments', field.name, 'gitops']}
                        problems={problems}
                      />
                    </Form.Item>
                  </fieldset>
                )}
                <Collapse
                  size="small"
                  ghost
                  defaultActiveKey={overridden ? ['overrides'] : []}
                  items={[
                    {
                      key: 'overrides',
                      label: t('editor.overrides'),
                      children: (
                        <Form.Item name={[field.name, 'overrides']} noStyle>
                          <SchemaFields
                            schema={schemas.overrides}
                            path={['spec', 'environments', field.name, 'overrides']}
                            problems={problems}
                          />
                        </Form.Item>
                      ),
                    },
                  ]}
                />
              </ItemCard>
            );
          })}
          <Button
            onClick={() =>
              add({
                name: '',
                cluster: clusters[0] ?? '',
                namespace: '',
                delivery: 'direct',
                gitops: {},
                overrides: {},
                extra: {},
              } satisfies EnvironmentForm)
            }
          >
            {t('editor.addEnvironment')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
