/**
 * The relay's core, bundled into the private function relay/core (see scripts/build.mjs).
 * Handlers load it with Runtime.getFunctions(): deployed Functions are uploaded file by file,
 * so this one self-contained file is the only code they share.
 */
export { createAudit, type Audit, type AuditRecord } from './audit';
export { ConfigError, readConfig, type RelayConfig, type RelayEnv } from './config';
export { baseUrlFor, CORRELATION_PARAMS, isMessageSid, readCorrelation, readLegParams } from './correlation';
export { readInboundMessage, readStatusReport, type IncomingSmsEvent, type StatusCallbackEvent } from './events';
export { buildForwardBody } from './forward-body';
export { forwardAlongLegs } from './forwarding';
export { fetchSentContent } from './messaging';
export { decideInbound } from './routing';
export { decideStatus } from './status-policy';
export { deadlineIn, FUNCTION_BUDGET_MS } from './deadline';
export { relayServices, stateless } from './relay-services';
export { WhitelistError } from './whitelist';
export { whitelistFor, type AssetMap } from './whitelist-asset';
export { auditFailure, failureResponse } from './failure';
export { textResponse } from './text-response';
export { openRequest } from './request-guard';
export { readVoiceConfig, type VoiceConfig } from './voice-config';
export { isCallSid, readCall, readDialResult, readRecordingSeconds, readTranscription, type VoiceEvent } from './voice-events';
export { decideDialResult } from './voice-policy';
export { planDial, planNextStep } from './voice-dial';
export { NEXT_QUERY, readScreenRequest, readStep, SCREEN_QUERY, screenUrl, VOICEMAIL_QUERY } from './voice-urls';
export { callerSender, isAccepted, screenPrompt } from './voice-screen';
export { dialTwiml, hangupTwiml, nextStepTwiml, rejectTwiml, screenPromptTwiml, screenResultTwiml } from './voice-twiml';
export { sendVoicemailText, voicemailBody } from './voicemail';
