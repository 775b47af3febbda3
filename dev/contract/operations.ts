/** Finds the operation of an OpenAPI document that a method and a concrete path address. */
import { METHODS, type Method, type OpenApiDocument, type Operation, type Parameter, type PathItem } from './openapi';

export interface FoundOperation {
  /** The spec's path template, e.g. /2010-04-01/Accounts/{AccountSid}/Messages.json */
  template: string;
  operation: Operation;
  /** Path-level and operation-level parameters; the operation's win on a clash. */
  parameters: Parameter[];
  /** The concrete path's value for each {Name} in the template, percent-decoded. */
  pathValues: Record<string, string>;
}

interface Route {
  template: string;
  item: PathItem;
  regex: RegExp;
  names: string[];
  /** Characters outside {…}: a concrete path (…/Calls/FeedbackSummary.json) beats a template (…/Calls/{Sid}.json). */
  literalLength: number;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(template: string, item: PathItem): Route {
  const parts = template.split(/\{([^}]+)\}/); // literal, name, literal, name, …, literal
  const literals = parts.filter((_, i) => i % 2 === 0);
  const names = parts.filter((_, i) => i % 2 === 1);
  const regex = new RegExp(`^${literals.map(escape).join('([^/]+)')}$`);
  return { template, item, regex, names, literalLength: literals.join('').length };
}

const routeCache = new WeakMap<OpenApiDocument, Route[]>();

function routes(doc: OpenApiDocument): Route[] {
  let list = routeCache.get(doc);
  if (!list) {
    list = Object.entries(doc.paths)
      .map(([template, item]) => compile(template, item))
      .sort((a, b) => b.literalLength - a.literalLength);
    routeCache.set(doc, list);
  }
  return list;
}

const decode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** The operation for `method path`, or why there is none (unknown path, or a method the path lacks). */
export function findOperation(doc: OpenApiDocument, method: string, path: string): FoundOperation | { problem: string } {
  const matching = routes(doc).filter((route) => route.regex.test(path));
  if (matching.length === 0) return { problem: `no path in the spec matches ${path}` };
  const verb = method.toLowerCase() as Method;
  const route = matching.find((r) => r.item[verb]) ?? matching[0];
  const operation = route.item[verb];
  if (!operation) {
    const allowed = METHODS.filter((m) => route.item[m]).map((m) => m.toUpperCase());
    return { problem: `${route.template} has no ${method.toUpperCase()} operation (only ${allowed.join(', ')})` };
  }
  const own = operation.parameters ?? [];
  const inherited = (route.item.parameters ?? []).filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
  const groups = route.regex.exec(path)!.slice(1);
  const pathValues = Object.fromEntries(route.names.map((name, i) => [name, decode(groups[i])]));
  return { template: route.template, operation, parameters: [...inherited, ...own], pathValues };
}
