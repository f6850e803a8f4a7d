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
    fireEvent.click(await screen.findByTitle('autoscale'));
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
});
