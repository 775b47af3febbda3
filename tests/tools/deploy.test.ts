/** `npm run deploy`: doctor gates the deploy. Only the paths that never reach Twilio are run here. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../dev/project-root';
import { deployableEnv, runTool, withEnvFile } from '../support/run-tool';

test('a configuration doctor refuses is never deployed', () =>
  withEnvFile(
    deployableEnv(),
    async (path) => {
      const { code, stdout, stderr } = await runTool('deploy', ['--env', path]);
      expect(code).toBe(1);
      expect(stdout).toContain(`ERROR   ${path} holds secrets and is open to its group and other users (mode 644)`);
      expect(stderr).toBe('deploy: stopped: doctor found 1 error; nothing was deployed\n');
      expect(stdout).not.toContain('twilio-run deploy');
    },
    0o644,
  ));

test('the committed .env is never deployed', async () => {
  const { code, stderr } = await runTool('deploy', ['--env', '.env']);
  expect(code).toBe(1);
  expect(stderr).toBe('deploy: stopped: doctor found 5 errors; nothing was deployed\n');
});

test('--dry-run shows the twilio-run command for a configuration doctor accepts, options after -- included', () =>
  withEnvFile(deployableEnv(), async (path) => {
    const { code, stdout } = await runTool('deploy', ['--env', path, '--dry-run', '--', '--environment', 'prod']);
    expect(code).toBe(0);
    expect(stdout).toContain('doctor: 0 errors, 0 warnings: ready to deploy.');
    expect(stdout).toContain(`deploy: twilio-run deploy --env ${path} --environment prod\n`);
    expect(stdout).toContain('deploy: --dry-run, nothing deployed');
  }));

test('warns when twilio-run would have no deploy credentials', () =>
  withEnvFile(deployableEnv({ AUTH_TOKEN: '' }), async (path) => {
    const { code, stderr } = await runTool('deploy', ['--env', path, '--dry-run']);
    expect(code).toBe(0);
    expect(stderr).toContain('AUTH_TOKEN is not in the env file and no --username/--password follows --');
  }));

test('--env is required', async () => {
  expect(await runTool('deploy', [])).toMatchObject({ code: 1, stderr: 'deploy: --env <file> is required: the private env file to deploy (see docs/deploy.md)\n' });
});

describe('WHITELIST_FILE', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sms-relay-deploy-wl-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // dist/ is what npm run build made of the committed file (npm run deploy builds with the operator's WHITELIST_FILE first).
  const built = () => readFileSync(join(PROJECT_ROOT, 'dist', 'assets', 'whitelist.private.json'), 'utf8');

  test('deploys the whitelist it names, once dist/ holds it', () =>
    withEnvFile(deployableEnv(), async (path) => {
      writeFileSync(join(dir, 'real.json'), built());
      const { code, stdout } = await runTool('deploy', ['--env', path, '--dry-run'], { env: { WHITELIST_FILE: join(dir, 'real.json') } });
      expect(code).toBe(0);
      expect(stdout).toContain(`deploy: the whitelist deployed is ${join(dir, 'real.json')}\n`);
    }));

  test('never deploys a dist/ built from another whitelist', () =>
    withEnvFile(deployableEnv(), async (path) => {
      writeFileSync(join(dir, 'real.json'), '{"senders": ["+16195550177"]}');
      const { code, stdout, stderr } = await runTool('deploy', ['--env', path, '--dry-run'], { env: { WHITELIST_FILE: join(dir, 'real.json') } });
      expect(code).toBe(1);
      expect(stderr).toBe(
        `deploy: stopped: dist/assets/whitelist.private.json is not ${join(dir, 'real.json')}: build with the same WHITELIST_FILE (npm run deploy builds first); nothing was deployed\n`,
      );
      expect(stdout).not.toContain('twilio-run deploy');
    }));
});
