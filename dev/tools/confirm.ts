import { createInterface } from 'node:readline';

/**
 * Asks a yes/no question on a terminal; only "y" or "yes" is a yes. An input that ends before an
 * answer (Ctrl-D) is a no: an admin change is never made by default.
 */
export function confirm(question: string, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, output });
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
    rl.once('close', () => {
      if (!answered) resolve(false);
    });
  });
}
