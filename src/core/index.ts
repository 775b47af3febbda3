/**
 * The relay's core, bundled into the private function relay/core (see scripts/build.mjs).
 * Handlers load it with Runtime.getFunctions(): deployed Functions are uploaded file by file,
 * so this one self-contained file is the only code they share.
 */
export { createAudit, type Audit, type AuditRecord } from './twilio/audit';
export { ConfigError, readConfig, type RelayConfig, type RelayEnv } from './config';
export { baseUrlFor, isMessageSid, readCorrelation, readLegParams } from './twilio/callback-urls';
export { readInboundMessage, readStatusReport, type IncomingSmsEvent, type StatusCallbackEvent } from './sms/events';
export { buildForwardBody } from './sms/forward-body';
export { forwardAlongLegs } from './sms/forwarding';
export { failoverContent } from './sms/failover-content';
export { decideInbound } from './sms/routing';
export { keywordOf } from './sms/keywords';
export { readTwoWayConfig } from './dispatch/two-way-config';
export { type DispatchStore } from './dispatch/store';
export { dispatchStoreFor, syncDispatchStore } from './dispatch/sync-store';
export { SyncUnavailable } from './dispatch/sync-items';
export { pageWebhookDeps, twoWayDeps } from './dispatch/two-way-deps';
export { forwardRecorded, relayDispatch } from './dispatch/dispatch-forward';
export { alertExhaustedStatus, endsLeg, noticeIfExhausted, recordStatus } from './dispatch/dispatch-status';
export { alertOnce, dispatchFacts } from './alerts/alerts';
export { alertRefusal } from './alerts/refusal-alert';
export { handleReply, replyingLeg } from './dispatch/reply-flow';
export { readEscalationConfig } from './dispatch/escalation-config';
export { readCopyKind } from './dispatch/escalation-schedule';
export { copyStatus, failoverRecorded } from './dispatch/escalation-status';
export { readPaging } from './dispatch/page-dispatch';
export { callbackDispatch, readCallOptions } from './dispatch/callback';
export { answerPage } from './dispatch/page-answer';
export { endPage } from './dispatch/page-end';
export { decideStatus } from './sms/status-policy';
export { deadlineIn, FUNCTION_BUDGET_MS } from './twilio/deadline';
export { relayServices, stateless } from './twilio/relay-services';
export { WhitelistError } from './whitelist';
export { whitelistFor, type AssetMap } from './whitelist-asset';
export { auditFailure, failureResponse } from './twilio/failure';
export { textResponse } from './twilio/text-response';
export { openRequest } from './twilio/request-guard';
export { answerOnce } from './twilio/answer-once';
export { readVoiceConfig, type VoiceConfig } from './voice/config';
export { readPageRequest } from './voice/page-call';
export { pageAnswerTwiml } from './voice/page-twiml';
export { checkAttestation } from './voice/attestation';
export { isCallSid, readCall, readDialResult, readRecordingSeconds, readTranscription, type VoiceEvent } from './voice/events';
export { decideDialResult } from './voice/policy';
export { planDial, planNextStep } from './voice/dial';
export { readScreenRequest, readStep, screenUrl } from './voice/urls';
export { callerSender, isAccepted, screenPrompt } from './voice/screen';
export { callbackTwiml, dialTwiml, hangupTwiml, nextStepTwiml, rejectTwiml, screenPromptTwiml, screenResultTwiml } from './voice/twiml';
export { sendVoicemailText, voicemailBody } from './voice/voicemail';
