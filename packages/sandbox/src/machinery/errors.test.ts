import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';

const base = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure' };

describe('ApiError Status bodies', () => {
  it('NotFound', () => {
    expect(ApiError.notFound({ group: '', name: 'pods' }, 'x').status).toEqual({
      ...base,
      message: 'pods "x" not found',
      reason: 'NotFound',
      details: { name: 'x', kind: 'pods' },
      code: 404,
    });
    expect(ApiError.notFound({ group: 'apps', name: 'deployments' }, 'web').status).toMatchObject({
      message: 'deployments.apps "web" not found',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
  });

  it('AlreadyExists and Conflict', () => {
    expect(ApiError.alreadyExists({ group: '', name: 'pods' }, 'x').status).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'pods "x" already exists' });
    expect(ApiError.conflict({ group: '', name: 'pods' }, 'x').status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('Invalid with one and with several causes', () => {
    const one = ApiError.invalid({ group: '', name: 'Pod' }, 'x', [{ reason: 'FieldValueRequired', field: 'spec.containers[0].image' }]);
    expect(one.status).toEqual({
      ...base,
      message: 'Pod "x" is invalid: spec.containers[0].image: Required value',
      reason: 'Invalid',
      details: { name: 'x', kind: 'Pod', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' }] },
      code: 422,
    });
    const two = ApiError.invalid({ group: 'apps', name: 'Deployment' }, 'web', [
      { reason: 'FieldValueNotSupported', field: 'spec.strategy.type', value: 'Fast', supported: ['Recreate', 'RollingUpdate'] },
      { reason: 'FieldValueDuplicate', field: 'spec.template.spec.containers[1].name', value: 'web' },
    ]);
    expect(two.status.message).toBe(
      'Deployment.apps "web" is invalid: [spec.strategy.type: Unsupported value: "Fast": supported values: "Recreate", "RollingUpdate", spec.template.spec.containers[1].name: Duplicate value: "web"]',
    );
    expect(two.status.details?.causes?.[1]).toEqual({ reason: 'FieldValueDuplicate', message: 'Duplicate value: "web"', field: 'spec.template.spec.containers[1].name' });
  });

  it('Expired, BadRequest, MethodNotAllowed, Unauthorized', () => {
    expect(ApiError.tooOldResourceVersion(1, 5).status).toMatchObject({ code: 410, reason: 'Expired', message: 'too old resource version: 1 (5)' });
    expect(ApiError.gone('gone').status).toMatchObject({ code: 410, reason: 'Gone' });
    expect(ApiError.badRequest('nope').status).toEqual({ ...base, message: 'nope', reason: 'BadRequest', code: 400 });
    expect(ApiError.methodNotAllowed({ group: 'authorization.k8s.io', name: 'selfsubjectaccessreviews' }, 'list').status).toMatchObject({
      code: 405,
      reason: 'MethodNotAllowed',
    });
    expect(ApiError.unauthorized().status).toMatchObject({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
  });

  it('Forbidden by RBAC reads like the apiserver', () => {
    expect(ApiError.forbiddenByRbac({ group: '', name: 'pods' }, '', 'alice', 'list', 'default').status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
      details: { kind: 'pods' },
    });
    expect(ApiError.forbiddenByRbac({ group: '', name: 'nodes' }, 'n1', 'bob', 'get').status.message).toBe(
      'nodes "n1" is forbidden: User "bob" cannot get resource "nodes" in API group "" at the cluster scope',
    );
  });

  it('TooManyRequests, InternalError, RequestEntityTooLarge, UnsupportedMediaType', () => {
    expect(ApiError.tooManyRequests('slow down', 3).status).toMatchObject({ code: 429, reason: 'TooManyRequests', details: { retryAfterSeconds: 3 } });
    expect(ApiError.internal('boom').status).toMatchObject({ code: 500, reason: 'InternalError', message: 'Internal error occurred: boom', details: { causes: [{ message: 'boom' }] } });
    expect(ApiError.requestEntityTooLarge('limit is 3145728').status).toMatchObject({ code: 413, reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728' });
    expect(ApiError.unsupportedMediaType('text/plain', ['application/json']).status).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
  });

  it('apply conflicts name the manager and field', () => {
    const e = ApiError.applyConflict([{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', field: '.spec.replicas' }]);
    expect(e.status).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using apps/v1', field: '.spec.replicas' }] },
    });
  });
});
