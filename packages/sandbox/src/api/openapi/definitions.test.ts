import { describe, expect, it } from 'vitest';
import { BuiltinDefinitions } from './definitions.js';
import { parseDts } from './dts.js';

describe('kind definitions from kubernetes-models', () => {
  it('parses descriptions, optionality, enums, maps and references', () => {
    const file = parseDts(`import { IIoK8sApiCoreV1PodTemplateSpec } from "../../v1/PodTemplateSpec";
/**
 * A spec.
 */
export interface ISpec {
    /**
     * The mode.
     */
    "mode"?: "A" | "B";
    "labels"?: {
        [key: string]: string;
    };
    "template": IIoK8sApiCoreV1PodTemplateSpec;
}
`);
    expect(file.description).toBe('A spec.');
    expect(file.properties).toEqual([
      { name: 'mode', required: false, description: 'The mode.', type: { kind: 'enum', values: ['A', 'B'] } },
      { name: 'labels', required: false, description: undefined, type: { kind: 'map', values: { kind: 'string' } } },
      { name: 'template', required: true, description: undefined, type: { kind: 'ref', name: 'IIoK8sApiCoreV1PodTemplateSpec', module: '../../v1/PodTemplateSpec' } },
    ]);
  });

  it('names definitions like the real spec and loads what a kind references', () => {
    const defs = new BuiltinDefinitions();
    expect(defs.kind('batch', 'v1', 'Job')).toBe('io.k8s.api.batch.v1.Job');
    const spec = defs.definitions.get('io.k8s.api.batch.v1.JobSpec')!;
    expect(spec.required).toEqual(['template']);
    expect((spec.properties as Record<string, unknown>).template).toMatchObject({ $ref: '#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec' });
    expect(defs.definitions.get('io.k8s.apimachinery.pkg.util.intstr.IntOrString')).toMatchObject({ type: 'string', format: 'int-or-string' });
    expect(defs.closure(['io.k8s.api.batch.v1.Job']).has('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')).toBe(true);
  });

  it('answers undefined, not an error, for a kind it cannot read', () => {
    expect(new BuiltinDefinitions().kind('example.com', 'v1', 'Nothing')).toBeUndefined();
    expect(new BuiltinDefinitions({ models: '/nonexistent', apimachinery: '/nonexistent' }).kind('', 'v1', 'Pod')).toBeUndefined();
  });
});
