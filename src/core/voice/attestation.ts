/**
 * REQUIRE_ATTESTATION (not wired yet): caller ID can be spoofed, and the whitelist trusts it.
 * For calls into US numbers Twilio verifies the caller's SHAKEN PASSporT and reports the result
 * on the incoming-call webhook as StirVerstat, present only when the call carried one
 * (https://www.twilio.com/changelog/twilio-performs-shaken-stir-verification-on-incoming-calls-to-yo,
 * https://www.twilio.com/docs/voice/trusted-calling-with-shakenstir): TN-Validation-Passed-A, -B or
 * -C (verified, attestation A, B or C), TN-Validation-Failed-A/-B/-C or TN-Validation-Failed
 * (the signature did not verify), No-TN-Validation (nothing to verify). Only A says the caller's
 * carrier knows the caller AND that they may use that number; B and C do not vouch for the number.
 */
export const PASSED_A = 'TN-Validation-Passed-A';

export type AttestationDecision = { allowed: true } | { allowed: false; reason: string };

/** Why a call is not attested A, in words for the audit line (the value itself is no secret). */
function refusal(verstat: string): string {
  if (verstat === '') return 'no StirVerstat: the call carried no STIR/SHAKEN signature';
  if (verstat.startsWith('TN-Validation-Passed-')) return `StirVerstat ${verstat}: verified, but attestation ${verstat.slice(-1)} does not vouch for the number`;
  if (verstat.startsWith('TN-Validation-Failed')) return `StirVerstat ${verstat}: the signature did not verify`;
  if (verstat === 'No-TN-Validation') return 'StirVerstat No-TN-Validation: nothing was verified';
  return `StirVerstat "${verstat.slice(0, 60)}" is not attestation A`;
}

/**
 * Whether a whitelisted caller may be put through. Off: always (today's behaviour). On: only with
 * StirVerstat exactly TN-Validation-Passed-A, as Twilio spells it; anything else, including a
 * missing value (a carrier that does not sign, any call from outside the US), is refused.
 */
export function checkAttestation(event: { StirVerstat?: unknown }, requireAttestation: boolean): AttestationDecision {
  if (!requireAttestation) return { allowed: true };
  const verstat = typeof event.StirVerstat === 'string' ? event.StirVerstat.trim() : '';
  return verstat === PASSED_A ? { allowed: true } : { allowed: false, reason: refusal(verstat) };
}
