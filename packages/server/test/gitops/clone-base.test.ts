import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { listenCloneBase, reachableBase } from '../../src/gitops/clone-base.js';
import { Lifecycle } from '../../src/lifecycle.js';

describe('the base URL agents clone embedded repositories from (no public URL)', () => {
  it('GIVEN BERTH_PORT=0 WHEN the server has started THEN it names the port it listens on, not 0', async () => {
    const lifecycle = new Lifecycle(pino({ level: 'silent' }));
    const base = listenCloneBase({ host: '0.0.0.0', port: 0 }, lifecycle);
    expect(base()).toBe('http://127.0.0.1:0'); // before start-up: only the configuration is known
    await lifecycle.started({ url: 'http://0.0.0.0:43121' });
    expect(base()).toBe('http://127.0.0.1:43121');
  });

  it('GIVEN an unspecified listen host THEN agents are sent to loopback; other hosts stay', () => {
    expect(reachableBase('http://0.0.0.0:8080')).toBe('http://127.0.0.1:8080');
    expect(reachableBase('http://[::]:8080')).toBe('http://[::1]:8080');
    expect(reachableBase('http://10.1.2.3:8080/')).toBe('http://10.1.2.3:8080');
    expect(reachableBase('https://berth.example.com/berth/')).toBe('https://berth.example.com/berth');
  });
});
