import { ConfigError, type RelayEnv } from '../../src/core/config';

/** The problems a read*Config function reports for env, or fails the test when it reports none. */
export function problemsOf(read: (env: RelayEnv) => unknown, env: RelayEnv): string[] {
  try {
    read(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
