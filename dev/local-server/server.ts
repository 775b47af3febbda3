import { createServer, type IncomingMessage, type Server } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
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
 * Hands the body the gate already read to the runtime's express app: body-parser skips a
 * request whose `_body` flag is set, and uses what is in `req.body`, parsed the same way
 * (querystring for forms, as its `extended: false` mode does).
 */
function attachParsedBody(req: IncomingMessage, raw: Buffer): void {
  const type = String(req.headers['content-type'] ?? '');
  const text = raw.toString('utf8');
  const target = req as IncomingMessage & { body?: unknown; _body?: boolean };
  if (type.startsWith('application/x-www-form-urlencoded')) target.body = { ...parseQueryString(text) };
  else if (type.startsWith('application/json') && text) target.body = JSON.parse(text);
  else return;
  target._body = true;
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
      const raw = await readBody(req);
      const path = new URL(req.url ?? '/', url).pathname;
      const decision = gate(
        { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, rawBody: raw.toString('utf8') },
        app.access.get(path),
        { authToken: options.env.AUTH_TOKEN, publicBaseUrl, insecure: options.insecure },
      );
      if (!decision.pass) {
        console.warn(`gate: 401 ${req.method} ${path} (${decision.text.trim()})`);
        res.writeHead(decision.status, { 'Content-Type': 'text/plain' }).end(decision.text);
        return;
      }
      attachParsedBody(req, raw);
      app.handle(req, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`Bad request: ${(error as Error).message}\n`);
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
