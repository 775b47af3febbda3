import { PassThrough } from 'node:stream';
import { askSecret, type TerminalInput } from '../../../dev/tools/secret-prompt';

function terminal() {
  const input = Object.assign(new PassThrough(), { rawModes: [] as boolean[], setRawMode(mode: boolean) { input.rawModes.push(mode); } });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk) => (shown += chunk));
  return { input: input as PassThrough & TerminalInput & { rawModes: boolean[] }, output, shown: () => shown };
}

describe('askSecret', () => {
  it('reads up to Enter in raw mode, never echoing what is typed, and handles backspace', async () => {
    const t = terminal();
    const answer = askSecret('Token: ', t.input, t.output);
    t.input.write('secrex\u007ft-token\r');
    expect(await answer).toBe('secret-token');
    expect(t.shown()).toBe('Token: \n');
    expect(t.input.rawModes).toEqual([true, false]);
  });

  it('gives nothing on Ctrl-C', async () => {
    const t = terminal();
    const answer = askSecret('Token: ', t.input, t.output);
    t.input.write('half\u0003');
    expect(await answer).toBeUndefined();
    expect(t.input.rawModes).toEqual([true, false]);
  });
});
