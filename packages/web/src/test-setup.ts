import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// antd reads matchMedia (responsive grid); jsdom has none.
if (typeof window !== 'undefined' && !window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// antd's Tabs, Select and Descriptions observe their size; jsdom has no ResizeObserver.
const scope = globalThis as { ResizeObserver?: unknown };
scope.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

// findBy*/waitFor give up after 1 s by default; a page rendering beside the node suites on a
// loaded 2-core machine can take longer, and a test should fail on wrong output, not on load.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => cleanup());
