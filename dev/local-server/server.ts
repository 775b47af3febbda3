import { createServer, type IncomingMessage, type Server } from 'node:http';
import { withoutErrorDetails } from './error-pages';
import { attachBody, readRequestBody } from './request-body';
import { gate } from './signature-gate';
import { createRuntimeApp } from './runtime-app';

export interface LocalRelayOptions {
  baseDir: string;
  env: Record<string, string>;
  port: number;
  fork?: boolean;
  insecure?: boolean;
  functionsFolder?: string;
  assetsFolder?: string;
}

export interface LocalRelay {
  /** Where this server listens (always loopback). */
  url: string;
  /** What Twilio must call: PUBLIC_BASE_URL when set, else `url`. */
  publicUrl: string;
  server: Server;
  close(): Promise<void>;
}

/** Twilio Functions accept request bodies up to this size. */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The functions on the real twilio-run runtime, behind a gate that checks X-Twilio-Signature
 * like Twilio's own gateway, on 127.0.0.1 only.
 */
export async function startLocalRelay(options: LocalRelayOptions): Promise<LocalRelay> {
  const url = `http://localhost:${options.port}`;
  const publicBaseUrl = options.env.PUBLIC_BASE_URL ? options.env.PUBLIC_BASE_URL.replace(/\/+$/, '') : undefined;
  const app = await createRuntimeApp({
    baseDir: options.baseDir,
    env: options.env,
    port: options.port,
    url,
    fork: options.fork ?? false,
    functionsFolder: options.functionsFolder ?? 'dist/functions',
    assetsFolder: options.assetsFolder ?? 'dist/assets',
  });

  const server = createServer(async (req, res) => {
    try {
      const body = readRequestBody(req.headers['content-type'], (await readBody(req)).toString('utf8'));
      const path = new URL(req.url ?? '/', url).pathname;
      const decision = gate({ url: req.url ?? '/', headers: req.headers, body }, app.access.get(path), { authToken: options.env.AUTH_TOKEN, publicBaseUrl, insecure: options.insecure });
      if (!decision.pass) {
        console.warn(`gate: ${decision.status} ${req.method} ${path} (${decision.text.trim()})`);
        res.writeHead(decision.status, { 'Content-Type': 'text/plain' }).end(decision.text);
        return;
      }
      attachBody(req, body);
      withoutErrorDetails(res, `${req.method} ${path}`);
      app.handle(req, res);
    } catch {
      // Never the error's message: it may name a file of this machine.
      if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad request\n');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  return {
    url,
    publicUrl: publicBaseUrl ?? url,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
