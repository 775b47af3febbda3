/** A SID shortened to its type and last four characters (AC…1a2b): enough to tell accounts apart on screen. */
export function maskSid(sid: string): string {
  return sid.length > 8 ? `${sid.slice(0, 2)}…${sid.slice(-4)}` : '…';
}

/** A secret as its length and last four characters: shows which one is in use without showing it. */
export function maskSecret(secret: string): string {
  return secret.length > 12 ? `${secret.length} characters ending …${secret.slice(-4)}` : `${secret.length} characters`;
}
