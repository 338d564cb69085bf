/**
 * HTTP load with autocannon, in the parent. Latencies are taken from autocannon's per-response
 * event (hrtime, fractional ms) rather than its histogram, which rounds to whole milliseconds.
 */
import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Responses that were not 2xx, socket errors and timeouts. */
  failures: number;
  /** Responses the `accept` test refused (GraphQL errors, …), when one is given. */
  rejected: number;
  seconds: number;
}

export interface LoadOptions {
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
  /** Checks each response body (costs a little client CPU: use it where the answer matters). */
  accept?: (body: string) => boolean;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let rejected = 0;
  const accept = options.accept;
  // Without a callback autocannon returns its tracker (an EventEmitter) made thenable.
  const instance = autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections,
    duration: options.seconds,
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    ...(accept
      ? {
          requests: [
            {
              method: 'POST',
              body: options.body,
              onResponse: (status: number, body: string) => {
                if (status < 200 || status > 299 || !accept(body)) rejected++;
              },
            },
          ],
        }
      : {}),
  } as autocannon.Options) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  const failures = result.non2xx + result.errors + result.timeouts;
  return {
    rps: result.requests.total / result.duration,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    requests: result.requests.total,
    failures,
    rejected,
    seconds: result.duration,
  };
}
