import { useEffect, useRef, useState } from 'react';
import { apiUrl, type Query } from './client.js';

/** One server-sent event: its `event:` name (`message` when none) and its JSON (or text) data. */
export interface StreamEvent {
  type: string;
  data: unknown;
  id?: string;
}

/**
 * Subscribes to an SSE endpoint of the API (cookie-authenticated; EventSource reconnects by
 * itself with `Last-Event-ID`). `path` null means "not now". Listens to unnamed events and to
 * each of `eventTypes`.
 *
 * @example
 * const { connected } = useEventStream(paths.runEvents(id), (e) => refetch(), { eventTypes: ['step'] });
 */
export function useEventStream(
  path: string | null,
  onEvent: (event: StreamEvent) => void,
  options: { query?: Query; eventTypes?: readonly string[]; closeOn?: readonly string[] } = {},
): { connected: boolean; failed: boolean } {
  const [connected, setConnected] = useState(false);
  const [failed, setFailed] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const types = (options.eventTypes ?? []).join(',');
  const closers = (options.closeOn ?? []).join(',');
  const query = JSON.stringify(options.query ?? {});

  useEffect(() => {
    if (!path || typeof EventSource === 'undefined') return undefined;
    const source = new EventSource(apiUrl(path, JSON.parse(query) as Query), { withCredentials: true });
    let errors = 0;
    const listener = (event: MessageEvent<string>) => {
      let data: unknown = event.data;
      try {
        data = JSON.parse(event.data);
      } catch {
        // plain text data (log lines)
      }
      handler.current({ type: event.type, data, id: event.lastEventId || undefined });
      // The server ended the stream on purpose: do not let EventSource reconnect and replay it.
      if (closing.has(event.type)) {
        source.close();
        setConnected(false);
      }
    };
    const closing = new Set(closers ? closers.split(',') : []);
    source.onopen = () => {
      errors = 0;
      setConnected(true);
      setFailed(false);
    };
    source.onerror = () => {
      setConnected(false);
      errors += 1;
      // A route that does not exist (404) closes the stream for good: stop retrying after a few.
      if (source.readyState === EventSource.CLOSED || errors > 5) {
        source.close();
        setFailed(true);
      }
    };
    source.onmessage = listener;
    const named = [...new Set([...(types ? types.split(',') : []), ...closing])];
    for (const type of named) source.addEventListener(type, listener as EventListener);
    return () => {
      for (const type of named) source.removeEventListener(type, listener as EventListener);
      source.close();
      setConnected(false);
    };
  }, [path, types, closers, query]);

  return { connected, failed };
}

/** The event names of a workflow run stream (core's RunEvent types). */
export const RUN_EVENT_TYPES = [
  'approval-granted',
  'approval-rejected',
  'cancel-requested',
  'lease-expired',
  'run-finished',
  'step-cancelled',
  'step-failed',
  'step-ready',
  'step-refused',
  'step-skipped',
  'step-started',
  'step-succeeded',
  'step-timed-out',
  'step-waiting',
] as const;
