/**
 * How far ahead Twilio's Message Scheduling takes a SendAt: "more than 5 minutes (300 seconds)
 * from the request time and no more than 35 days in the future"
 * (https://www.twilio.com/docs/api/errors/35115, dated 2026-04; 35114's page gives 35 days as
 * 3024000 seconds, inclusive; older pages and the 35111 page still say 15 minutes / 900 s).
 * The one place these live: the relay's ACK_TIMEOUT_MINUTES check and the emulator both use them.
 */
export const SCHEDULE_MIN_AHEAD_SECONDS = 300;
export const SCHEDULE_MAX_AHEAD_SECONDS = 35 * 86_400;
