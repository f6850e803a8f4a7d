import { fireEvent, screen, within } from '@testing-library/react';
import { Form } from 'antd';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../test-render.js';
import type { PathProblem } from '../../workflow/SchemaForm.js';
import { modelSchemas } from './model-schema.js';
import { TraitsEditor } from './TraitsEditor.js';

const PATH = ['spec', 'components', 0, 'traits'] as const;

/** The editor as the wizard holds it: controlled, inside a form; `seen` receives every change. */
function Harness({
  initial,
  problems = [],
  seen,
}: {
  initial: Record<string, unknown>;
  problems?: PathProblem[];
  seen: Array<Record<string, unknown>>;
}) {
  const [traits, setTraits] = useState(initial);
  return (
    <Form layout="vertical">
      <TraitsEditor
        schema={modelSchemas().traits}
        value={traits}
        path={PATH}
        problems={problems}
        component="redis"
        onChange={(next) => {
          seen.push(next);
          setTraits(next);
        }}
      />
    </Form>
  );
}

const last = (seen: Array<Record<string, unknown>>) => seen.at(-1);

/** The form item (label, control, help) of the control labelled `name` inside `scope`. */
const itemOf = (scope: HTMLElement, name: string) =>
  within(scope).getByLabelText(name).closest('.ant-form-item') as HTMLElement;

async function pickTrait(name: string) {
  fireEvent.mouseDown(screen.getByLabelText('Add a trait to redis'));
  fireEvent.click(await screen.findByTitle(name));
}

describe('TraitsEditor: trait forms generated from the model’s JSON schema', { timeout: 20_000 }, () => {
  it('offers exactly the model’s trait table', async () => {
    renderWithProviders(<Harness initial={{}} seen={[]} />);
    fireEvent.mouseDown(screen.getByLabelText('Add a trait to redis'));
    await screen.findByTitle('storage');
    const offered = [...document.querySelectorAll('.ant-select-item-option')].map((o) =>
      o.getAttribute('title'),
    );
    expect(offered).toEqual(modelSchemas().traitNames);
    expect(offered).toEqual(expect.arrayContaining(['storage', 'ingress', 'autoscale', 'envs', 'probes']));
  });

  it('GIVEN a list trait (storage) WHEN added and filled THEN each volume is a form and quantities keep their type', async () => {
    const seen: Array<Record<string, unknown>> = [];
    renderWithProviders(<Harness initial={{}} seen={seen} />);
    await pickTrait('storage');
    expect(last(seen)).toEqual({ storage: [{}] });
    const card = screen.getByTestId('trait-redis-storage');
    fireEvent.mouseDown(within(card).getByLabelText('type'));
    fireEvent.click(await screen.findByTitle('persistent'));
    fireEvent.change(within(card).getByLabelText('mountPath'), { target: { value: '/data' } });
    fireEvent.change(within(card).getByLabelText('size'), { target: { value: '1Gi' } });
    expect(last(seen)).toEqual({ storage: [{ type: 'persistent', mountPath: '/data', size: '1Gi' }] });
    // A bare number is a number (the model reads it as Gi), not the text "2".
    fireEvent.change(within(card).getByLabelText('size'), { target: { value: '2' } });
    expect(last(seen)).toEqual({ storage: [{ type: 'persistent', mountPath: '/data', size: 2 }] });
    fireEvent.click(within(card).getByLabelText('Add storage'));
    expect(last(seen)).toEqual({ storage: [{ type: 'persistent', mountPath: '/data', size: 2 }, {}] });
    fireEvent.click(within(card).getByLabelText('Remove storage 1'));
    expect(last(seen)).toEqual({ storage: [{}] });
  });

  it('GIVEN an object trait (ingress) THEN required fields are marked, nested objects open on demand, ports by number stay numbers', async () => {
    const seen: Array<Record<string, unknown>> = [];
    renderWithProviders(<Harness initial={{}} seen={seen} />);
    await pickTrait('ingress');
    const card = screen.getByTestId('trait-redis-ingress');
    expect(itemOf(card, 'host').textContent).toContain('host *');
    fireEvent.change(within(card).getByLabelText('host'), { target: { value: 'shop.example.com' } });
    fireEvent.change(within(card).getByLabelText('port'), { target: { value: '8080' } });
    fireEvent.click(within(card).getByLabelText('Add tls'));
    fireEvent.change(within(card).getByLabelText('secretName'), { target: { value: 'shop-tls' } });
    expect(last(seen)).toEqual({
      ingress: { host: 'shop.example.com', port: 8080, tls: { secretName: 'shop-tls' } },
    });
    fireEvent.click(screen.getByLabelText('Remove trait ingress of redis'));
    expect(last(seen)).toEqual({});
  });

  it('GIVEN the model’s problems THEN each shows under the field its path names, and an unknown trait is kept with its problem', () => {
    const problems = [
      { path: 'spec.components[0].traits.storage[0].size', message: '`1Zi` is not a Kubernetes quantity' },
      { path: 'spec.components[0].traits.autoscale.min', message: 'must be at least 1, got 0' },
      { path: 'spec.components[0].traits.foo', message: 'unknown field `foo`' },
    ];
    renderWithProviders(
      <Harness
        seen={[]}
        problems={problems}
        initial={{
          storage: [{ type: 'persistent', size: '1Zi' }],
          autoscale: { min: 0, max: 3 },
          foo: { bar: 1 },
        }}
      />,
    );
    const storage = screen.getByTestId('trait-redis-storage');
    expect(itemOf(storage, 'size').textContent).toContain('`1Zi` is not a Kubernetes quantity');
    const min = within(screen.getByTestId('trait-redis-autoscale')).getByLabelText('min');
    expect(min.closest('.ant-form-item')!.textContent).toContain('must be at least 1, got 0');
    const foo = within(screen.getByTestId('trait-redis-foo')).getByLabelText('foo') as HTMLTextAreaElement;
    expect(JSON.parse(foo.value)).toEqual({ bar: 1 });
    expect(foo.closest('.ant-form-item')!.textContent).toContain('unknown field `foo`');
  });

  it('GIVEN a map trait (nodeSelector) THEN key=value tags edit it', async () => {
    const seen: Array<Record<string, unknown>> = [];
    renderWithProviders(<Harness initial={{ nodeSelector: { zone: 'edge' } }} seen={seen} />);
    const card = screen.getByTestId('trait-redis-nodeSelector');
    expect(card.textContent).toContain('zone=edge');
    const input = within(card).getByLabelText('nodeSelector');
    fireEvent.change(input, { target: { value: 'disk=ssd,' } });
    expect(last(seen)).toEqual({ nodeSelector: { zone: 'edge', disk: 'ssd' } });
  });
});
