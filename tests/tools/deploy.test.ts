/** `npm run deploy`: doctor gates the deploy. Only the paths that never reach Twilio are run here. */
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
