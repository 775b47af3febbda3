/** What the emulated carrier does with a message to one recipient; `queuedMs`: how long it stays queued first. */
export type Delivery = { queuedMs?: number } & (
  | { outcome: 'delivered' }
  | { outcome: 'undelivered' | 'failed'; errorCode: number }
  /** Some carriers send no delivery receipt: "sent" is the last word. */
  | { outcome: 'sent-only' }
  /** No callback at all: the test sends them itself with sendStatus(). */
  | { outcome: 'silent' }
  /** The create call itself fails, with a Twilio error. */
  | { outcome: 'refuse'; status: number; code: number }
);

export type DeliveryScript = Record<string, Delivery>;

export function deliveryFor(script: DeliveryScript, to: string, fallback: Delivery): Delivery {
  return script[to] ?? fallback;
}

/** The callbacks Twilio would send for a delivery, in order. */
export function statusSequence(delivery: Delivery): Array<{ status: string; errorCode?: number }> {
  switch (delivery.outcome) {
    case 'delivered':
      return [{ status: 'sent' }, { status: 'delivered' }];
    case 'undelivered':
      return [{ status: 'sent' }, { status: 'undelivered', errorCode: delivery.errorCode }];
    case 'failed':
      // "failed": Twilio could not send it at all, so it was never "sent".
      return [{ status: 'failed', errorCode: delivery.errorCode }];
    case 'sent-only':
      return [{ status: 'sent' }];
    default:
      return [];
  }
}
