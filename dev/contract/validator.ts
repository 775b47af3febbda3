/**
 * The emulator's contract check: every REST request is compared with Twilio's own OpenAPI
 * description (twilio-oai) of the API its host serves. Each returned line names what is wrong.
 */
import type { RecordedRequest } from '../emulator/server';
import { checkForm, querySchema } from './form-check';
import type { OpenApiDocument } from './openapi';
import { findOperation } from './operations';
import { checkValue } from './value-check';

const FORM = 'application/x-www-form-urlencoded';

interface Api {
  name: string;
  doc: OpenApiDocument;
  /** Hosts from the spec's `servers`, e.g. api.twilio.com. */
  hosts: Set<string>;
  /** The leading path segments all its paths share, e.g. /2010-04-01 or /v1/Services. */
  prefix: string;
}

function sharedPrefix(paths: string[]): string {
  const split = paths.map((path) => path.split('/'));
  let n = 0;
  while (n < split[0].length && !split[0][n].includes('{') && split.every((segments) => segments[n] === split[0][n])) n++;
  return split[0].slice(0, n).join('/');
}

function describe(name: string, doc: OpenApiDocument): Api {
  const servers = [doc.servers ?? [], ...Object.values(doc.paths).map((item) => item.servers ?? [])].flat();
  const hosts = new Set(servers.map((server) => new URL(server.url).host.toLowerCase()));
  return { name, doc, hosts, prefix: sharedPrefix(Object.keys(doc.paths)) };
}

function pick(apis: Api[], request: RecordedRequest): Api | undefined {
  // The relay's loopback client names the real host in X-Forwarded-Host; without it, go by path.
  if (request.host) return apis.find((api) => api.hosts.has(request.host!.toLowerCase()));
  return apis.find((api) => request.path === api.prefix || request.path.startsWith(`${api.prefix}/`));
}

/** Specs by name (e.g. loadTwilioSpecs()); the returned check lists a request's violations. */
export function createContractCheck(specs: Record<string, OpenApiDocument>): (request: RecordedRequest) => string[] {
  const apis = Object.entries(specs).map(([name, doc]) => describe(name, doc));
  return (request) => {
    const api = pick(apis, request);
    if (!api) return [request.host ? `no Twilio API spec describes host ${request.host}` : `no Twilio API spec describes ${request.path}`];
    const found = findOperation(api.doc, request.method, request.path);
    if ('problem' in found) return [`${found.problem} [${api.name}]`];

    const { operation, parameters, pathValues } = found;
    // Credentials are not checked here: the emulator answers 401 for wrong ones, as Twilio does.
    const problems: string[] = [];
    for (const parameter of parameters.filter((p) => p.in === 'path')) {
      const problem = checkValue(api.doc, parameter.name, pathValues[parameter.name] ?? '', parameter.schema);
      if (problem) problems.push(`path parameter ${problem}`);
    }
    const body = operation.requestBody?.content[FORM]?.schema;
    if (operation.requestBody && !body) problems.push(`the spec takes no ${FORM} body here`);
    problems.push(...checkForm(api.doc, request.params, body ?? querySchema(parameters), operation['x-twilio']?.conditional));
    return problems.map((problem) => `${problem} [${api.name} ${operation.operationId ?? found.template}]`);
  };
}
