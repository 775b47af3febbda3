import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * How every operator tool refuses: one line on stderr naming the tool, exit status 1. The people
 * who run the relay read these lines, so each says what is wrong and what to do.
 */
export function failWith(tool: string): (message: string) => never {
  return (message) => {
    console.error(`${tool}: ${message}`);
    process.exit(1);
  };
}

/** node:util parseArgs, with a mistyped or unknown option turned into one refusal line. */
export function parseCli<T extends ParseArgsConfig>(config: T, fail: (message: string) => never): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    return fail(`${(error as Error).message.split('. ')[0]} (--help lists the options)`);
  }
}
