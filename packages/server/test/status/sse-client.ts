/** A minimal Server-Sent Events client over fetch, for tests and benchmarks. */

/** One received event. */
export interface ReceivedEvent {
  event: string;
  data: string;
  at: number;
}

/** Open `url` and call `onEvent` per event until `signal` aborts; resolves once the headers arrived. */
export async function openSse(
  url: string,
  headers: Record<string, string>,
  onEvent: (event: ReceivedEvent) => void,
  signal: AbortSignal,
): Promise<Response> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal });
  if (!response.ok || !response.body) return response;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) onEvent({ event, data: data.join('\n'), at: performance.now() });
        }
      }
    } catch {
      // aborted
    }
  })();
  return response;
}
