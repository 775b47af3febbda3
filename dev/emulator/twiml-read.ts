/**
 * Reads a TwiML document into verbs, as much XML as the twilio package's VoiceResponse writes
 * (elements, attributes, text, the five predefined entities and numeric references). No XML
 * package is among the dependencies, and the relay's TwiML is machine-written: anything else
 * (a comment, CDATA, a stray "<") is refused, so a malformed answer fails the test loudly, as
 * Twilio fails such a call (https://www.twilio.com/docs/api/errors/12100).
 */
export interface TwimlNode {
  name: string;
  attributes: Record<string, string>;
  children: TwimlNode[];
  /** The text directly inside (a <Say>'s words, a <Dial>'s number), entities decoded. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1].toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    const known = ENTITIES[name];
    if (known === undefined) throw new Error(`TwiML: unknown entity ${whole}`);
    return known;
  });
}

const TAG = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*(\/?)>/y;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*"([^"]*)"/g;

/** The <Response> element of a document; throws on anything not well-formed. */
export function readTwiml(xml: string): TwimlNode {
  const body = xml.replace(/^\s*<\?xml[^?]*\?>/, '');
  const root: TwimlNode = { name: '#document', attributes: {}, children: [], text: '' };
  const open: TwimlNode[] = [root];
  let at = 0;
  while (at < body.length) {
    const next = body.indexOf('<', at);
    const text = body.slice(at, next < 0 ? body.length : next);
    if (text.trim()) open[open.length - 1].text += decode(text);
    if (next < 0) break;
    TAG.lastIndex = next;
    const tag = TAG.exec(body);
    if (!tag) throw new Error(`TwiML: not well-formed at ${JSON.stringify(body.slice(next, next + 30))}`);
    const [whole, closing, name, attributeText, selfClosing] = tag;
    at = next + whole.length;
    if (closing) {
      const top = open.pop();
      if (top?.name !== name) throw new Error(`TwiML: </${name}> closes <${top?.name}>`);
      continue;
    }
    const attributes = Object.fromEntries([...attributeText.matchAll(ATTRIBUTE)].map(([, key, value]) => [key, decode(value)]));
    const node: TwimlNode = { name, attributes, children: [], text: '' };
    open[open.length - 1].children.push(node);
    if (!selfClosing) open.push(node);
  }
  if (open.length !== 1) throw new Error(`TwiML: <${open[open.length - 1].name}> is never closed`);
  const [response, ...rest] = root.children;
  if (response?.name !== 'Response' || rest.length > 0) throw new Error('TwiML: the document is not one <Response> element');
  return response;
}
