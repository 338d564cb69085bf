/** The messages between the bench (parent) and a server under test (child). */
export type ChildMessage =
  | { type: 'ready'; port: number; [extra: string]: unknown }
  | { type: 'gcDone' }
  /** An event committed at `t` (process.hrtime.bigint() as a number of ns: CLOCK_MONOTONIC, shared by all processes). */
  | { type: 'commit'; id: number; t: number };

export type ParentMessage = { type: 'gc' } | { type: 'stop' };

/** Announces the port, then serves `gc` and `stop` requests from the parent. */
export function serveParent(port: number, stop: () => Promise<void>, extra: Record<string, unknown> = {}): void {
  const send = (message: ChildMessage) => process.send?.(message);
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'gc') {
      const gc = (globalThis as { gc?: () => void }).gc;
      // Twice: the first pass may only queue finalizers that free more on the second.
      gc?.();
      gc?.();
      send({ type: 'gcDone' });
    } else if (message.type === 'stop') {
      const exit = () => process.exit(0);
      stop().then(exit, exit);
      setTimeout(exit, 5_000).unref();
    }
  });
  // The parent going away means the bench is over (or crashed): do not linger.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port, ...extra });
}

/** A monotonic timestamp in ns, comparable across processes on one machine (CLOCK_MONOTONIC). */
export const monotonicNs = (): number => Number(process.hrtime.bigint());
