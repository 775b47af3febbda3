/** Polls until `probe` returns something truthy; fails with `what` after the timeout. */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
