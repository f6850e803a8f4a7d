import { act, fireEvent, screen, within } from '@testing-library/react';
import { Form } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test-render.js';
import { type AppForm, formFromYaml, yamlFromForm } from './app-form.js';
import { AppWizard } from './AppWizard.js';
import { validateInBrowser } from './spec-problems.js';

const SHOP = `apiVersion: berth.dev/v1alpha1
kind: Application
metadata: { name: shop, workspace: demo }
spec:
  components:
    - { name: web, type: webservice, image: "ghcr.io/acme/shop:1", ports: [{ port: 8080, expose: true }] }
  policies: { imagePullPolicy: Sometimes }
  environments:
    - { name: dev, cluster: sandbox, namespace: shop-dev, delivery: direct }
  workflow:
    steps: [{ name: all, type: deploy }]
`;

/** The wizard as the editor page drives it: the form writes the YAML, core validates the YAML. */
function Page({ initial, texts }: { initial: string; texts: string[] }) {
  const [form] = Form.useForm<AppForm>();
  const [text, setText] = useState(initial);
  const problems = useMemo(() => validateInBrowser(text), [text]);
  useEffect(() => {
    form.setFieldsValue((formFromYaml(initial) as { form: AppForm }).form);
  }, [form, initial]);
  return (
    <AppWizard
      form={form}
      problems={problems}
      clusters={['sandbox']}
      yaml={text}
      onChange={(values) => {
        const next = yamlFromForm(values, text);
        texts.push(next);
        setText(next);
      }}
    />
  );
}

const lastSpec = (texts: string[]) => parse(texts.at(-1)!).spec;
const step = (name: string) =>
  within(screen.getByTestId('wizard-steps')).getByText(name).closest('[role="button"]') as HTMLElement;
const itemOf = (label: string) => screen.getByLabelText(label).closest('.ant-form-item') as HTMLElement;

describe('AppWizard', { timeout: 30_000 }, () => {
  it('GIVEN a policy the model rejects THEN the Policies step is marked and its field shows the model’s message; WHEN fixed THEN the YAML follows', async () => {
    const texts: string[] = [];
    renderWithProviders(<Page initial={SHOP} texts={texts} />);
    expect(step('Policies').closest('.ant-steps-item')!.className).toContain('ant-steps-item-error');
    // Steps are buttons: reachable with Tab, opened with Enter.
    act(() => step('Policies').focus());
    fireEvent.keyDown(step('Policies'), { key: 'Enter' });
    await screen.findByTestId('policies-form');
    expect(itemOf('imagePullPolicy').textContent).toContain(
      'must be one of Always, IfNotPresent, Never; got a string "Sometimes"',
    );
    fireEvent.mouseDown(screen.getByLabelText('imagePullPolicy'));
    fireEvent.click(await screen.findByTitle('IfNotPresent'));
    fireEvent.change(screen.getByLabelText('maxSurge'), { target: { value: '25%' } });
    fireEvent.change(screen.getByLabelText('maxUnavailable'), { target: { value: '1' } });
    expect(lastSpec(texts).policies).toEqual({
      imagePullPolicy: 'IfNotPresent',
      maxSurge: '25%',
      maxUnavailable: 1,
    });
    expect(itemOf('imagePullPolicy').textContent).not.toContain('must be one of');
    // What the form does not edit is kept.
    expect(lastSpec(texts).workflow).toEqual({ steps: [{ name: 'all', type: 'deploy' }] });
  });

  it('GIVEN a trait added in the Traits step THEN it is in the YAML, and the model’s problem shows under its field until filled', async () => {
    const texts: string[] = [];
    renderWithProviders(<Page initial={SHOP.replace('Sometimes', 'Always')} texts={texts} />);
    fireEvent.click(step('Traits'));
    const web = await screen.findByTestId('traits-web');
    fireEvent.mouseDown(within(web).getByLabelText('Add a trait to web'));
    const autoscale = await screen.findByTitle('autoscale');
    // Environment variables and resources are edited in the Components step, not offered here.
    expect(screen.queryByTitle('envs')).toBeNull();
    expect(screen.queryByTitle('resources')).toBeNull();
    expect(screen.getByTitle('envFrom')).toBeTruthy();
    fireEvent.click(autoscale);
    expect(lastSpec(texts).components[0].traits).toEqual({ autoscale: {} });
    const card = screen.getByTestId('trait-web-autoscale');
    expect(within(card).getByLabelText('min').closest('.ant-form-item')!.textContent).toMatch(/add `min`/);
    fireEvent.change(within(card).getByLabelText('min'), { target: { value: '2' } });
    fireEvent.change(within(card).getByLabelText('max'), { target: { value: '5' } });
    expect(lastSpec(texts).components[0].traits).toEqual({ autoscale: { min: 2, max: 5 } });
    expect(within(card).getByLabelText('min').closest('.ant-form-item')!.textContent).not.toMatch(
      /add `min`/,
    );
  });

  it('GIVEN the Review step THEN it shows the resulting YAML and every problem with a link to its step', async () => {
    const texts: string[] = [];
    renderWithProviders(<Page initial={SHOP} texts={texts} />);
    fireEvent.click(step('Review'));
    expect(screen.getByTestId('review-yaml').textContent).toBe(SHOP);
    const problems = screen.getByTestId('review-problems');
    expect(problems.textContent).toContain('spec.policies.imagePullPolicy');
    fireEvent.click(within(problems).getByText('Open Policies'));
    await screen.findByTestId('policies-form');
    // Back and Next walk the steps.
    fireEvent.click(screen.getByText('Back'));
    await screen.findByTestId('wizard-step-traits');
    fireEvent.click(screen.getByText('Next'));
    await screen.findByTestId('policies-form');
  });

  it('GIVEN a problem of a whole component THEN its card in the Components step shows it', async () => {
    renderWithProviders(
      <Page
        initial={SHOP.replace('type: webservice', 'type: store').replace(
          ', ports: [{ port: 8080, expose: true }]',
          '',
        )}
        texts={[]}
      />,
    );
    fireEvent.click(step('Components'));
    const card = await screen.findByTestId('component-0');
    expect(within(card).getByTestId('part-problems').textContent).toContain(
      'a store needs at least one port',
    );
  });

  it(
    'GIVEN a second port row added in the Components step THEN it is in the YAML; the model’s problem on ports[1].port shows on that row',
    { timeout: 60_000 },
    async () => {
      const texts: string[] = [];
      renderWithProviders(<Page initial={SHOP.replace('Sometimes', 'Always')} texts={texts} />);
      fireEvent.click(step('Components'));
      const card = await screen.findByTestId('component-0');
      fireEvent.click(within(card).getByRole('button', { name: 'Add port to web' }));
      expect(lastSpec(texts).components[0].ports).toEqual([{ port: 8080, expose: true }, {}]);
      const row = () => within(card).getByTestId('port-row-1');
      const portItem = () => within(row()).getByLabelText('Port 2').closest('.ant-form-item') as HTMLElement;
      // The row has no port yet: the model says so under the row's port number, and marks the step.
      const missing = validateInBrowser(texts.at(-1)!).find(
        (p) => p.path === 'spec.components[0].ports[1].port',
      );
      expect(missing?.message).toBeTruthy();
      expect(portItem().textContent).toContain(missing!.message);
      expect(within(row()).getByLabelText('Port 2 name').closest('.ant-form-item')!.textContent).toBe('');
      fireEvent.change(within(row()).getByLabelText('Port 2'), { target: { value: '70000' } });
      expect(lastSpec(texts).components[0].ports[1]).toEqual({ port: 70000 });
      expect(portItem().textContent).toMatch(/65535/);
      fireEvent.change(within(row()).getByLabelText('Port 2'), { target: { value: '9090' } });
      fireEvent.change(within(row()).getByLabelText('Port 2 name'), { target: { value: 'metrics' } });
      fireEvent.mouseDown(within(row()).getByLabelText('Port 2 protocol'));
      fireEvent.click(await screen.findByTitle('UDP'));
      fireEvent.click(within(row()).getByLabelText('Expose port 2'));
      expect(lastSpec(texts).components[0].ports).toEqual([
        { port: 8080, expose: true },
        { port: 9090, name: 'metrics', protocol: 'UDP', expose: true },
      ]);
      expect(portItem().textContent).toBe('');
      // Unchecking removes `expose` (false is the default); removing the first row keeps the second.
      fireEvent.click(within(row()).getByLabelText('Expose port 2'));
      fireEvent.click(within(card).getByRole('button', { name: 'Remove port 1 of web' }));
      expect(lastSpec(texts).components[0].ports).toEqual([{ port: 9090, name: 'metrics', protocol: 'UDP' }]);
      expect(lastSpec(texts).workflow).toEqual({ steps: [{ name: 'all', type: 'deploy' }] });
    },
  );

  it(
    'GIVEN environment variables and resources THEN value rows are editable, references read-only and kept, and quantity problems show under their field',
    { timeout: 60_000 },
    async () => {
      const texts: string[] = [];
      const initial = SHOP.replace('Sometimes', 'Always').replace(
        'ports: [{ port: 8080, expose: true }] }',
        'ports: [{ port: 8080, expose: true }], traits: { envs: [{ name: MODE, value: live }, { name: DB_PASSWORD, valueFrom: { secret: { name: db, key: password } } }], resources: { cpu: 500m } } }',
      );
      renderWithProviders(<Page initial={initial} texts={texts} />);
      fireEvent.click(step('Components'));
      const card = await screen.findByTestId('component-0');
      expect(within(card).getByTestId('env-reference-1').textContent).toBe(
        'from Secret db, key password · edit references in YAML',
      );
      expect(within(card).queryByLabelText('Variable 2 value')).toBeNull();
      expect((within(card).getByLabelText('Variable 2 name') as HTMLInputElement).readOnly).toBe(true);
      fireEvent.change(within(card).getByLabelText('Variable 1 value'), { target: { value: 'test' } });
      fireEvent.click(within(card).getByRole('button', { name: 'Add variable to web' }));
      fireEvent.change(within(card).getByLabelText('Variable 3 name'), { target: { value: 'LOG_LEVEL' } });
      fireEvent.change(within(card).getByLabelText('Variable 3 value'), { target: { value: 'debug' } });
      fireEvent.change(within(card).getByLabelText('CPU limit'), { target: { value: '100m' } });
      const traits = lastSpec(texts).components[0].traits;
      expect(traits.envs).toEqual([
        { name: 'MODE', value: 'test' },
        { name: 'DB_PASSWORD', valueFrom: { secret: { name: 'db', key: 'password' } } },
        { name: 'LOG_LEVEL', value: 'debug' },
      ]);
      expect(traits.resources).toEqual({ cpu: '500m', limits: { cpu: '100m' } });
      // The model's own message, under the field it names; the step is marked until fixed.
      const limit = () => within(card).getByLabelText('CPU limit').closest('.ant-form-item')!.textContent;
      expect(limit()).toContain('the cpu limit 100m is below the cpu request 500m');
      fireEvent.click(step('Traits'));
      expect(step('Components').closest('.ant-steps-item')!.className).toContain('ant-steps-item-error');
      fireEvent.click(step('Components'));
      const again = await screen.findByTestId('component-0');
      fireEvent.change(within(again).getByLabelText('CPU limit'), { target: { value: '' } });
      expect(lastSpec(texts).components[0].traits.resources).toEqual({ cpu: '500m' });
      expect(within(again).getByLabelText('CPU limit').closest('.ant-form-item')!.textContent).toBe(
        'CPU limit',
      );
    },
  );
});
