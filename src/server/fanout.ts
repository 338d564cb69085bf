/**
 * How processes tell each other that events were appended. In one process the writer wakes the
 * stream directly. With REDIS_URL, each commit is also published to Redis and every process wakes
 * its stream on each message. Messages carry only the newest event id: the database is the truth,
 * so a message lost while Redis is away delays delivery (until the stream's poll) but loses nothing.
 *
 * ioredis is used directly rather than through @graphql-yoga/redis-event-target: that target does
 * not handle the promise of a failed publish, so an unreachable Redis would crash the process.
 */
import { Redis } from 'ioredis';
import type { Writer } from '../domain/events.js';
import type { EventStream } from '../domain/stream.js';

export interface Fanout {
  close(): Promise<void>;
}

const CHANNEL = 'parley:events';

export function startFanout(writer: Writer, stream: EventStream, redisUrl: string | undefined): Fanout {
  const stopLocal = writer.onCommit((events) => stream.notify(events.at(-1)!.id));
  if (!redisUrl) return { close: async () => void stopLocal() };

  // No offline queue for publishing: while Redis is away a publish fails at once instead of
  // piling up in memory; this process's own subscribers were already woken above.
  const publisher = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  const subscriber = new Redis(redisUrl);
  for (const client of [publisher, subscriber]) client.on('error', () => {});
  subscriber.on('message', (_channel: string, id: string) => stream.notify(Number(id) || undefined));
  // (Re)connected: subscribe, and look at the log now rather than at the next poll.
  subscriber.on('ready', () => {
    subscriber.subscribe(CHANNEL).catch(() => {});
    stream.notify();
  });
  const stopPublishing = writer.onCommit((events) => {
    publisher.publish(CHANNEL, String(events.at(-1)!.id)).catch(() => {});
  });

  return {
    close: async () => {
      stopLocal();
      stopPublishing();
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
