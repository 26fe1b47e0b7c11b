// Reads a GraphQL-over-SSE answer (distinct connections mode) to its end: `event:`/`data:` blocks separated by
// blank lines, with comment lines as keep-alives.
import type { FormattedExecutionResult } from 'graphql';

export interface SseStream<R> {
  /** Every event name in order (`next`, …, `complete`). */
  events: string[];
  /** The payloads of the `next` events. */
  messages: FormattedExecutionResult<R>[];
}

export async function readSseStream<R>(
  response: Response,
  onNext: (message: FormattedExecutionResult<R>) => void = () => undefined,
): Promise<SseStream<R>> {
  const stream: SseStream<R> = { events: [], messages: [] };
  let buffered = '';
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    buffered += chunk.value;
    let end: number;
    while ((end = buffered.indexOf('\n\n')) !== -1) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      if (!event) continue; // a keep-alive comment
      stream.events.push(event);
      if (event !== 'next') continue;
      const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((match) => match[1]).join('\n');
      const message = JSON.parse(data) as FormattedExecutionResult<R>;
      stream.messages.push(message);
      onNext(message);
    }
  }
  return stream;
}
