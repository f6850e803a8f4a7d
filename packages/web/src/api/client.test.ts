import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, apiUrl } from './client.js';
import { ApiError, formFieldErrors, pathSegments } from './problem.js';

function respond(status: number, body: unknown, type = 'application/problem+json') {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } })));
}

afterEach(() => vi.unstubAllGlobals());

describe('api client error mapping', () => {
  it('GIVEN a 422 problem with field paths WHEN called THEN rejects with an ApiError carrying each field', async () => {
    respond(422, {
      type: 'https://berth.dev/problems/invalid-application',
      title: 'Invalid application',
      status: 422,
      detail: 'the application has 2 problems',
      requestId: 'req-1',
      errors: [
        { path: 'spec.components[1].image', message: 'is required', line: 9, column: 7 },
        { path: 'metadata.name', message: 'must be a DNS label' },
      ],
    });
    const error = (await api('/workspaces/w/apps', { method: 'POST', body: { spec: 'x' } }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.message).toBe('the application has 2 problems');
    expect(error.requestId).toBe('req-1');
    expect(error.fieldProblems).toHaveLength(2);
    expect(error.problemsAt('spec.components[1]')).toEqual([
      { path: 'spec.components[1].image', message: 'is required', line: 9, column: 7 },
    ]);
  });

  it('maps body/query paths onto form field names', () => {
    const error = new ApiError(400, { errors: [{ path: 'name', message: 'must be a DNS label' }, { path: 'query.limit', message: 'too big' }] }, '/x');
    expect(formFieldErrors(error)).toEqual([
      { name: ['name'], errors: ['must be a DNS label'] },
      { name: ['limit'], errors: ['too big'] },
    ]);
    expect(formFieldErrors(error, ['name'])).toEqual([{ name: ['name'], errors: ['must be a DNS label'] }]);
    expect(formFieldErrors(new Error('plain'))).toEqual([]);
  });

  it('splits field paths with indexes and quoted keys', () => {
    expect(pathSegments('spec.components[2].traits.storage[0].size')).toEqual(['spec', 'components', 2, 'traits', 'storage', 0, 'size']);
    expect(pathSegments('metadata.labels["app.kubernetes.io/name"]')).toEqual(['metadata', 'labels', 'app.kubernetes.io/name']);
    expect(pathSegments('body.username')).toEqual(['username']);
  });

  it('tells a route the server does not have yet from a missing resource', async () => {
    respond(404, { status: 404, title: 'Not found', detail: 'no route GET /api/v1/change-requests' });
    const missing = (await api('/change-requests').catch((e: unknown) => e)) as ApiError;
    expect(missing.isMissingRoute).toBe(true);
    respond(404, { status: 404, title: 'Not found', detail: 'application shop not found' });
    const gone = (await api('/workspaces/w/apps/shop').catch((e: unknown) => e)) as ApiError;
    expect(gone.isMissingRoute).toBe(false);
  });

  it('keeps a non-JSON error body as the detail, and a network failure as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('bad gateway', { status: 502 })));
    const error = (await api('/me').catch((e: unknown) => e)) as ApiError;
    expect([error.status, error.message]).toEqual([502, 'bad gateway']);
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('fetch failed'); }));
    expect(((await api('/me').catch((e: unknown) => e)) as ApiError).status).toBe(0);
  });

  it('builds URLs without empty parameters', () => {
    expect(apiUrl('/apps', { workspace: 'retail', health: undefined, cluster: '', limit: 20 })).toBe('/api/v1/apps?workspace=retail&limit=20');
  });
});
