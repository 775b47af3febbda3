import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedAlert {
  path: string;
  body: { text: string; blocks: Array<{ fields?: Array<{ text: string }> }> };
}

export interface AlertReceiver {
  /** The webhook URL, with a token in its path as a Slack webhook has: the secret that must never be logged. */
  url: string;
  token: string;
  alerts: ReceivedAlert[];
  /** Requests held open, unanswered, while `hang` is on. */
  held: number;
  /** The status of each next answer, in order; after them, 200. */
  answers: number[];
  hang: boolean;
  /** Called as each request arrives, before it is answered: what a test snapshots at that moment. */
  onRequest?: () => void;
  close(): Promise<void>;
}

/**
 * A loopback stand-in for a Slack incoming webhook (http://127.0.0.1, which ALERT_WEBHOOK_URL
 * accepts for tests): records each POST, answers with the next status of `answers`, or, with
 * `hang`, never answers. close() also ends the requests it holds, so a test never leaks a socket.
 */
export async function startAlertReceiver(): Promise<AlertReceiver> {
  const open = new Set<ServerResponse>();
  const token = `t0k3n-${Math.random().toString(36).slice(2, 12)}`;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.onRequest?.();
      const status = receiver.answers.shift() ?? 200;
      if (status === 200) receiver.alerts.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      if (receiver.hang) {
        receiver.held += 1;
        open.add(response);
        return;
      }
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'server_error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: AlertReceiver = {
    url: `http://127.0.0.1:${port}/services/T0/B0/${token}`,
    token,
    alerts: [],
    held: 0,
    answers: [],
    hang: false,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of open) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
