/**
 * What `twilio serverless:deploy` uploads must work file by file: Twilio stores each function on
 * its own (under a generated name), installs only package.json "dependencies", and serves every
 * public asset. These checks read the built dist/ (npm test builds it first).
 */
import { builtinModules } from 'node:module';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

const root = resolve(__dirname, '../..');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const functionFiles = files(join(dist, 'functions'));
const requiresOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/require\(("[^"]*"|'[^']*'|[^)]*)\)/g)].map((m) => m[1]);

test('dist/functions holds one .js per source function and nothing else', () => {
  const built = functionFiles.map((f) => relative(join(dist, 'functions'), f)).sort();
  const sources = files(join(root, 'src', 'functions'))
    .map((f) => relative(join(root, 'src', 'functions'), f).replace(/\.ts$/, '.js'))
    .sort();
  expect(built).toEqual(sources);
});

test('no function requires another file by a relative path', () => {
  const relativeRequires = functionFiles.flatMap((file) => requiresOf(file).filter((spec) => /^["']\./.test(spec)).map((spec) => `${file}: ${spec}`));
  expect(relativeRequires).toEqual([]);
});

test('every package a function requires is a runtime dependency (devDependencies are not installed on deploy)', () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const packages = functionFiles
    .flatMap(requiresOf)
    .filter((spec) => /^["']/.test(spec))
    .map((spec) => spec.slice(1, -1))
    .filter((name) => !builtins.has(name))
    .map((name) => (name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]));
  const missing = [...new Set(packages)].filter((name) => !(name in pkg.dependencies));
  expect(missing).toEqual([]);
});

test('no source map or TypeScript source is served as an asset', () => {
  const leaked = files(join(dist, 'assets')).filter((f) => /\.(map|ts)$/.test(f));
  expect(leaked).toEqual([]);
});

test('the runtime handler is an exact version and the deploy runtime is pinned', () => {
  expect(pkg.dependencies['@twilio/runtime-handler']).toMatch(/^\d+\.\d+\.\d+$/);
  const rc = JSON.parse(readFileSync(join(root, '.twilioserverlessrc'), 'utf8'));
  expect(rc).toMatchObject({ functionsFolder: 'dist/functions', assetsFolder: 'dist/assets', runtime: 'node22' });
});

/** The runtime's Twilio.Response, reduced to what this test reads. */
class StatusOnlyResponse {
  statusCode = 200;
  setStatusCode(code: number) {
    this.statusCode = code;
  }
  appendHeader() {}
  setBody() {}
}

test('handlers work when every function is stored under an unrelated name, as deployed', async () => {
  // Inside the project only so that require() finds node_modules, as it does beside Twilio's handlers.
  mkdirSync(join(root, '.cache'), { recursive: true });
  const store = mkdtempSync(join(root, '.cache', 'deploy-'));
  const g = global as unknown as Record<string, unknown>;
  try {
    // Twilio keeps each function as its own file with a generated name; only Runtime.getFunctions() knows where.
    const placed: Record<string, { path: string }> = {};
    for (const file of functionFiles) {
      const name = relative(join(dist, 'functions'), file).replace(/\.(private|protected)?\.?js$/, '').replace(/\.js$/, '');
      const target = join(store, `ZN${randomBytes(16).toString('hex')}.js`);
      copyFileSync(file, target);
      placed[name] = { path: target };
    }
    const whitelist = JSON.stringify({ senders: ['+16195550100'] });
    g.Runtime = { getFunctions: () => placed, getAssets: () => ({ '/whitelist.json': { path: 'w', open: () => whitelist } }) };
    g.Twilio = { ...require('twilio'), Response: StatusOnlyResponse };
    const incoming = require(placed['sms/incoming'].path);
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    jest.spyOn(console, 'info').mockImplementation(() => undefined);
    const answer = await new Promise<unknown>((resolveAnswer, reject) => {
      const event = { MessageSid: 'SM' + '0'.repeat(32), From: '+16195550100', To: '+16195550000' };
      Promise.resolve(incoming.handler({ DOMAIN_NAME: 'relay-1234.twil.io' }, event, (_: unknown, body: unknown) => resolveAnswer(body))).catch(reject);
    });
    // Unconfigured, it must still load its core and answer a clean 500 rather than crash on a missing module.
    expect((answer as { statusCode?: number }).statusCode).toBe(500);
    expect(String(errors.mock.calls[0][0])).toContain('relay not configured: ACCOUNT_SID is not set');
  } finally {
    jest.restoreAllMocks();
    delete g.Runtime;
    delete g.Twilio;
    rmSync(store, { recursive: true, force: true });
  }
});
