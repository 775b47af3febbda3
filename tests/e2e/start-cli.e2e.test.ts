/** `npm start` as an operator meets it: refusals, a busy port, and a clean stop. */
import { execFile, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startEmulator } from '../../dev/emulator/server';
import { FAKE, FAKE_ACCOUNT, fakeEnv, inboundSms } from '../../dev/fixtures';
import { freePort } from '../../dev/free-port';
import { PROJECT_ROOT } from '../../dev/project-root';
import { writeEnvFile } from '../../dev/served-process';
import { postSigned } from '../../dev/signed-post';
import { startGatedRelay } from '../../dev/twilio-run-process';
import { waitFor } from '../../dev/wait-for';

const START = join(PROJECT_ROOT, 'build', 'cli', 'start.js');

function runStart(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [START, ...args], { cwd: PROJECT_ROOT, timeout: 20000 }, (_e, _out, stderr) =>
      resolve({ code: child.exitCode, stderr }),
    );
  });
}

test('refuses to start without AUTH_TOKEN, and says why', async () => {
  const { AUTH_TOKEN: _, ...env } = fakeEnv('http://127.0.0.1:1');
  const file = writeEnvFile(env);
  try {
    const { code, stderr } = await runStart(['--env', file.path, '--port', '0']);
    expect(code).toBe(1);
    expect(stderr).toContain('AUTH_TOKEN is not set');
    expect(stderr).toContain('--insecure');
  } finally {
    file.remove();
  }
});

test('refuses a configuration with errors, naming each variable', async () => {
  const file = writeEnvFile({ ...fakeEnv('http://10.0.0.1:8080'), TWILIO_API_KEY: FAKE.accountSid });
  try {
    const { code, stderr } = await runStart(['--env', file.path, '--port', '0']);
    expect(code).toBe(1);
    expect(stderr).toContain('TWILIO_API_KEY holds an Account SID');
    expect(stderr).toContain('TWILIO_API_BASE_URL may only point at this machine');
  } finally {
    file.remove();
  }
});

test('refuses DOMAIN_NAME and PATH in the env file, naming each', async () => {
  const file = writeEnvFile({ ...fakeEnv('http://127.0.0.1:1'), DOMAIN_NAME: 'relay-1234-dev.twil.io', PATH: '/usr/bin' });
  try {
    const { code, stderr } = await runStart(['--env', file.path, '--port', '0']);
    expect(code).toBe(1);
    expect(stderr).toContain('sets what the runtime provides itself');
    expect(stderr).toMatch(/- DOMAIN_NAME: the runtime sets DOMAIN_NAME itself/);
    expect(stderr).toMatch(/- PATH: the runtime sets PATH/);
  } finally {
    file.remove();
  }
});

test('a busy port is an error with a way out, never an interactive prompt', async () => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  const port = (blocker.address() as { port: number }).port;
  const file = writeEnvFile(fakeEnv('http://127.0.0.1:1'));
  try {
    const { code, stderr } = await runStart(['--env', file.path, '--port', String(port)]);
    expect(code).toBe(1);
    expect(stderr).toContain(`port ${port} is in use: pass --port <another> or --port 0`);
  } finally {
    file.remove();
    blocker.close();
  }
});

test('SIGTERM stops it cleanly, with no worker process left behind (fork mode)', async () => {
  const emulator = await startEmulator(FAKE_ACCOUNT);
  const relay = await startGatedRelay({ env: fakeEnv(emulator.url), fork: true, port: await freePort() });
  try {
    const answers = await Promise.all([1, 2, 3].map((n) => postSigned(`${relay.url}/sms/incoming`, inboundSms(FAKE.stranger, `m${n}`), FAKE.authToken)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const exited = new Promise<number | null>((resolve) => relay.process.once('exit', (code) => resolve(code)));
    process.kill(relay.process.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    const group = () => execFileSync('ps', ['-o', 'pid=', '-g', String(relay.process.pid)], { encoding: 'utf8' }).trim();
    await waitFor('every process of the group to exit', () => {
      try {
        return group() === '';
      } catch {
        return true; // ps exits 1 when the group is empty
      }
    }, 5000);
  } finally {
    await relay.stop();
    await emulator.close();
  }
});
