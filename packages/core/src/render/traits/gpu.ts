import type { Gpu } from '../../model/schema.js';
import type { TraitProcessor } from './types.js';

/** Extended resource and product node label of each GPU vendor's device plugin. */
const VENDORS: Record<NonNullable<Gpu['vendor']>, { resource: string; productLabel?: string }> = {
  nvidia: { resource: 'nvidia.com/gpu', productLabel: 'nvidia.com/gpu.product' },
  amd: { resource: 'amd.com/gpu', productLabel: 'amd.com/gpu.product-name' },
  intel: { resource: 'gpu.intel.com/i915' },
};

/**
 * `gpu`: GPUs per pod as a limit on the vendor's extended resource (requests default to
 * limits for extended resources), a toleration for the `<resource>:NoSchedule` taint GPU
 * node groups usually carry, and, when `product` is set, a nodeSelector on the product
 * label published by GPU feature discovery (nvidia and amd; intel has no product label).
 */
export const gpuTrait: TraitProcessor<'gpu'> = {
  name: 'gpu',
  appliesTo: ['webservice', 'worker', 'store', 'daemon', 'job', 'cronjob'],
  process: ({ data }) => {
    const vendor = VENDORS[data.vendor ?? 'nvidia'];
    const product =
      data.product !== undefined && vendor.productLabel
        ? { nodeSelector: { [vendor.productLabel]: data.product } }
        : {};
    return {
      containerPatches: { resources: { limits: { [vendor.resource]: String(data.count) } } },
      podPatches: {
        tolerations: [{ key: vendor.resource, operator: 'Exists', effect: 'NoSchedule' }],
        ...product,
      },
    };
  },
};
