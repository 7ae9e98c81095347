/**
 * An in-process publish/subscribe for GraphQL subscriptions (type-graphql's PubSub interface).
 * Cross-process delivery comes from Postgres LISTEN/NOTIFY (see notifications.ts): every API
 * process listens and republishes here, so any number of API processes serve subscriptions.
 */
import type { PubSub } from 'type-graphql';

/** A bounded, in-memory PubSub; a slow subscriber loses its oldest messages, never the server. */
export class InProcessPubSub implements PubSub {
  private readonly topics = new Map<string, Set<(payload: unknown) => void>>();

  constructor(private readonly maxQueued = 1_000) {}

  publish(topic: string, ...args: unknown[]): void {
    for (const deliver of this.topics.get(topic) ?? []) deliver(args[0]);
  }

  subscribe(topic: string): AsyncIterable<unknown> {
    const queue: unknown[] = [];
    let wake: (() => void) | undefined;
    let closed = false;
    const deliver = (payload: unknown): void => {
      if (queue.length >= this.maxQueued) queue.shift();
      queue.push(payload);
      wake?.();
    };
    const listeners = this.topics.get(topic) ?? new Set();
    listeners.add(deliver);
    this.topics.set(topic, listeners);
    const unsubscribe = (): void => {
      closed = true;
      listeners.delete(deliver);
      wake?.();
    };
    return {
      [Symbol.asyncIterator]: () => ({
        next: async (): Promise<IteratorResult<unknown>> => {
          while (queue.length === 0 && !closed) {
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
          }
          if (queue.length > 0) return { value: queue.shift(), done: false };
          return { value: undefined, done: true };
        },
        return: (): Promise<IteratorResult<unknown>> => {
          unsubscribe();
          return Promise.resolve({ value: undefined, done: true });
        },
      }),
    };
  }

  /** Number of live subscribers of a topic (for tests and metrics). */
  subscriberCount(topic: string): number {
    return this.topics.get(topic)?.size ?? 0;
  }
}
