/**
 * Who picks up an outbound call (Calls create, or a <Dial>), per number: the voice twin of
 * delivery-script.ts. `ringSeconds`: how long the phone rings before it is answered, measured on
 * the emulator's clock (a test moves it with advance()); at or past the call's Timeout it is a
 * no-answer instead, as at Twilio (https://www.twilio.com/docs/voice/api/call-resource, Timeout).
 */
export type Callee =
  /** Busy signal: ends at once, CallStatus busy. */
  | { outcome: 'busy' }
  /** Rings until the Timeout passes on the emulator's clock: CallStatus no-answer. */
  | { outcome: 'no-answer' }
  /** The carrier could not connect the call (an unreachable number): CallStatus failed. */
  | { outcome: 'failed' }
  /**
   * A person answers. `presses`: the key pressed at each <Gather> in turn (one entry per Gather;
   * once used up, the person presses nothing more and every further Gather times out).
   */
  | { outcome: 'human'; presses?: string[]; ringSeconds?: number }
  /** A person answers and hangs up during the first <Say> they hear: no Gather action is requested. */
  | { outcome: 'hangs-up'; ringSeconds?: number }
  /**
   * A voicemail greeting answers: it presses nothing. With MachineDetection Twilio tells it apart
   * (AnsweredBy machine_start, or machine_end_beep with DetectMessageEnd:
   * https://www.twilio.com/docs/voice/answering-machine-detection); without, it sounds like a silent person.
   */
  | { outcome: 'voicemail'; ringSeconds?: number };

export type CalleeScript = Record<string, Callee>;

export function calleeFor(script: CalleeScript, to: string, fallback: Callee): Callee {
  return script[to] ?? fallback;
}

/** Seconds until the callee picks up, or undefined when nobody ever does. */
export function pickupSeconds(callee: Callee): number | undefined {
  return callee.outcome === 'human' || callee.outcome === 'hangs-up' || callee.outcome === 'voicemail' ? (callee.ringSeconds ?? 0) : undefined;
}

/** What Twilio's AMD reports for who answered, or undefined without MachineDetection. */
export function answeredBy(callee: Callee, machineDetection: string | undefined): string | undefined {
  if (machineDetection !== 'Enable' && machineDetection !== 'DetectMessageEnd') return undefined;
  if (callee.outcome !== 'voicemail') return 'human';
  return machineDetection === 'Enable' ? 'machine_start' : 'machine_end_beep';
}
