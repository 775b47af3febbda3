/**
 * Files of the local runtimes that call a function's handler: @twilio/runtime-handler's dev
 * runtime (route.js in a warm process, internal/functionRunner.js in a forked one), which
 * twilio-run 3.x-5.x, the Twilio CLI's serverless:start and `npm start` all load from the project,
 * and twilio-run's own built-in copy (dist/runtime/), its fallback when the project has none
 * (twilio-run/src/runtime/server.ts, createLocalDevelopmentServer).
 */
const LOCAL_RUNTIME_FILE = /[\\/](?:@twilio[\\/]runtime-handler[\\/]dist[\\/]dev-runtime|twilio-run[\\/]dist[\\/]runtime)[\\/]/;

/**
 * Whether a local runtime (not Twilio) is calling this handler. Must run synchronously from the
 * handler, before its first await: it looks at the frames that called it.
 *
 * Why the call stack and not a variable: the local runtimes build the context as
 * `{PATH, DOMAIN_NAME, ..., ...env}` (runtime-handler dev-runtime/route.js, constructContext), so
 * the env file (or `--load-local-env`, all of process.env) can set DOMAIN_NAME and PATH. Nor
 * require.cache: `twilio-run start` in live mode (its default) deletes every cached module whose
 * path lacks "twilio-run" before each request (requireCacheCleaner), the dev runtime's included.
 * Who called the handler is something no variable can change. Deployed, these files never run:
 * "this part of the package emulates Twilio Functions for local development and is NOT available
 * when deployed" (@twilio/runtime-handler README, https://www.npmjs.com/package/@twilio/runtime-handler),
 * so a deployed relay keeps leaving signatures to Twilio's gateway.
 */
export function calledByLocalRuntime(): boolean {
  const { stackTraceLimit, prepareStackTrace } = Error;
  try {
    // Call sites, not the formatted text: immune to a prepareStackTrace (source maps) installed by someone else.
    Error.stackTraceLimit = 64;
    Error.prepareStackTrace = (_error, sites) => sites;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, calledByLocalRuntime);
    const sites = Array.isArray(holder.stack) ? (holder.stack as NodeJS.CallSite[]) : [];
    return sites.some((site) => LOCAL_RUNTIME_FILE.test(site.getFileName() ?? ''));
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
  }
}
