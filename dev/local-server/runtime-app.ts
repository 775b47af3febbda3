import { fsHelpers } from '@twilio-labs/serverless-api';
import type { RequestListener } from 'node:http';
import type { Access } from './signature-gate';

export interface RuntimeAppOptions {
  baseDir: string;
  env: Record<string, string>;
  port: number;
  /** The URL functions see as their own (context.DOMAIN_NAME is derived from it). */
  url: string;
  /** true: a process per request (cold starts); false: warm containers, like production. */
  fork: boolean;
  functionsFolder: string;
  assetsFolder: string;
}

export interface RuntimeApp {
  handle: RequestListener;
  /** Access of each route path, as the runtime derives it from the file names. */
  access: Map<string, Access>;
}

/**
 * The real Twilio Functions runtime of `twilio-run start`, in this process: the
 * LocalDevelopmentServer that @twilio/runtime-handler exports for local development, fed with
 * the routes serverless-api finds, exactly as twilio-run does. Running it here (instead of a
 * twilio-run child process on a second port) means the only socket is the gate's, on loopback.
 */
export async function createRuntimeApp(options: RuntimeAppOptions): Promise<RuntimeApp> {
  const routes = await fsHelpers.getListOfFunctionsAndAssets(options.baseDir, {
    functionsFolderNames: [options.functionsFolder],
    assetsFolderNames: [options.assetsFolder],
  });
  const { LocalDevelopmentServer } = require('@twilio/runtime-handler/dev');
  const server = new LocalDevelopmentServer(options.port, {
    baseDir: options.baseDir,
    env: options.env,
    port: options.port,
    url: options.url,
    detailedLogs: false,
    live: false,
    logs: false,
    legacyMode: false,
    appName: 'sms-relay',
    forkProcess: options.fork,
    logger: console,
    routes,
    enableDebugLogs: false,
  });
  const access = new Map<string, Access>();
  for (const route of [...routes.functions, ...routes.assets]) access.set(route.path, route.access);
  return { handle: server.getApp(), access };
}
