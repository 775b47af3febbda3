/**
 * The relay's core, bundled into the private function relay/core (see scripts/build.mjs).
 * Handlers load it with Runtime.getFunctions(): deployed Functions are uploaded file by file,
 * so this one self-contained file is the only code they share.
 */
export { createAudit, type Audit, type AuditRecord } from './audit';
export { ConfigError, readConfig, type RelayConfig, type RelayEnv } from './config';
export { baseUrlFor, CORRELATION_PARAMS, isMessageSid, readCorrelation } from './correlation';
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
export { auditFailure } from './failure';
export { textResponse } from './text-response';
export { refuseIfUnsigned } from './request-guard';
