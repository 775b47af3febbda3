import type { SignedRequest } from './scenarios';

/** The slice of autocannon's programmatic API used here (the package ships no types). */
interface AutocannonOptions {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration?: number;
  amount?: number;
  maxOverallRequests?: number;
  timeout: number;
  sampleInt: number;
}
interface AutocannonResult {
  errors: number;
  timeouts: number;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
  on(event: 'reqError', listener: (error: Error) => void): void;
}
type Autocannon = (options: AutocannonOptions, done: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

const autocannon: Autocannon = require('autocannon');

/** What one autocannon run saw, request by request. */
export interface RunSample {
  /** Client-side latency of each answered request, in ms (autocannon's hrtime per request). */
  latencies: number[];
  /** Answered requests by HTTP status. */
  statuses: Record<number, number>;
  /** Network errors and timeouts. */
  errors: number;
  firstError?: string;
  /** Wall time of the run, start to stop, in ms: requests keep flowing during all of it. */
  elapsedMs: number;
}

export interface LoadOptions {
  connections: number;
  /** Either a duration (seconds, the run is also capped at `maxRequests`)… */
  seconds?: number;
  maxRequests?: number;
  /** …or an exact number of requests. */
  amount?: number;
}

/**
 * Sends the same signed request over `connections` keep-alive connections, bounded in time and
 * count, and records every response's latency. Everything goes to the loopback URL in `request`.
 */
export function load(request: SignedRequest, options: LoadOptions): Promise<RunSample> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(request.url)) throw new Error(`bench: refusing a non-loopback URL ${request.url}`);
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const statuses: Record<number, number> = {};
    let firstError: string | undefined;
    const started = process.hrtime.bigint();
    const instance = autocannon(
      {
        url: request.url,
        method: request.method,
        headers: request.headers,
        body: request.body,
        connections: options.connections,
        ...(options.amount !== undefined
          ? { amount: options.amount }
          : { duration: options.seconds ?? 1, maxOverallRequests: Math.max(options.maxRequests ?? 50000, options.connections) }),
        timeout: 10,
        // autocannon notices the end of a run on its next sample tick: keep the tail short.
        sampleInt: options.amount !== undefined ? 5 : 50,
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({ latencies, statuses, errors: result.errors, firstError, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
    instance.on('reqError', (error) => {
      firstError ??= error.message;
    });
  });
}

/** Answered requests in a sample. */
export function answered(sample: Pick<RunSample, 'statuses'>): number {
  return Object.values(sample.statuses).reduce((sum, n) => sum + n, 0);
}

/** Throws unless every request of the run was answered 200: numbers from failing requests are not a benchmark. */
export function assertAllOk(what: string, sample: RunSample): void {
  const bad = Object.entries(sample.statuses).filter(([status]) => status !== '200');
  if (bad.length > 0 || sample.errors > 0) {
    const detail = [...bad.map(([status, n]) => `${n} × HTTP ${status}`), ...(sample.errors ? [`${sample.errors} network error(s)${sample.firstError ? ` (${sample.firstError})` : ''}`] : [])];
    throw new Error(`bench: ${what}: not every request succeeded: ${detail.join(', ')}`);
  }
}

/** Nearest-rank percentile of unsorted values (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Several runs of one scenario at one concurrency, merged. */
export interface Merged {
  latencies: number[];
  requests: number;
  elapsedMs: number;
}

export function merge(samples: readonly RunSample[]): Merged {
  return {
    latencies: samples.flatMap((s) => s.latencies),
    requests: samples.reduce((sum, s) => sum + answered(s), 0),
    elapsedMs: samples.reduce((sum, s) => sum + s.elapsedMs, 0),
  };
}
