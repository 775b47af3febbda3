/** A terminal's input as the prompt needs it: a readable that can be put in raw mode. */
export interface TerminalInput extends NodeJS.ReadableStream {
  setRawMode(mode: boolean): unknown;
}

/**
 * Asks for a secret on a terminal without echoing it: the input goes raw, so what is typed never
 * appears on screen, in the scrollback, in `ps` or in the shell's history. Enter ends it; Ctrl-C
 * or Ctrl-D before Enter gives undefined (nothing is done with half a secret).
 */
export function askSecret(question: string, input: TerminalInput = process.stdin as TerminalInput, output: NodeJS.WritableStream = process.stderr): Promise<string | undefined> {
  return new Promise((resolve) => {
    let typed = '';
    const finish = (value: string | undefined) => {
      input.setRawMode(false);
      input.removeListener('data', onData);
      input.pause();
      output.write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish(typed);
        if (char === '\u0003' || char === '\u0004') return finish(undefined);
        typed = char === '\u007f' || char === '\b' ? typed.slice(0, -1) : typed + char;
      }
    };
    output.write(question);
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
  });
}
