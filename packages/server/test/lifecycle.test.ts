import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../src/lifecycle.js';

describe('Lifecycle', () => {
  it('GIVEN start and shutdown hooks THEN started runs them in order, shutdown in reverse, past failures and hangs', async () => {
    const calls: string[] = [];
    const lifecycle = new Lifecycle(pino({ level: 'silent' }), 50);
    lifecycle.onStarted('sandbox', ({ url }) => void calls.push(`start sandbox ${url}`));
    lifecycle.onStarted('broken', () => {
      throw new Error('no');
    });
    lifecycle.onStarted('samples', () => void calls.push('start samples'));
    lifecycle.onShutdown('engine', async () => void calls.push('release in-flight steps'));
    lifecycle.onShutdown('hanging', () => new Promise(() => undefined));
    lifecycle.onShutdown('informers', () => void calls.push('stop informers'));
    await lifecycle.started({ url: 'http://x' });
    await lifecycle.shutdown();
    expect(calls).toEqual([
      'start sandbox http://x',
      'start samples',
      'stop informers',
      'release in-flight steps',
    ]);
  });
});
