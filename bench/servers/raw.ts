/**
 * Baseline (a): node:http answering each request with bytes recorded from Parley beforehand (the
 * same body for the same request body): the limit of the HTTP stack, with no GraphQL at all.
 * BENCH_RAW_RESPONSES names a JSON file: [{ request, body, contentType }].
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveParent } from './ipc.js';

interface Recorded {
  request: string;
  body: string;
  contentType: string;
}

const recorded = JSON.parse(readFileSync(process.env.BENCH_RAW_RESPONSES!, 'utf8')) as Recorded[];
const answers = new Map(recorded.map((r) => [r.request, { body: Buffer.from(r.body), contentType: r.contentType }]));
const notFound = Buffer.from('{"errors":[{"message":"not recorded"}]}');

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const answer = answers.get(Buffer.concat(chunks).toString());
    const body = answer?.body ?? notFound;
    res.writeHead(answer ? 200 : 404, { 'content-type': answer?.contentType ?? 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
serveParent((server.address() as AddressInfo).port, async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
