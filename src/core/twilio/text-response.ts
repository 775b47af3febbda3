/** The runtime's Twilio.Response, passed in so this module does not depend on the runtime's globals. */
export interface ResponseLike {
  setStatusCode(code: number): void;
  appendHeader(name: string, value: string): void;
  setBody(body: string): void;
}

/** A short plain-text HTTP answer for requests the relay refuses or cannot serve. */
export function textResponse<R extends ResponseLike>(Response: new () => R, status: number, text: string): R {
  const response = new Response();
  response.setStatusCode(status);
  response.appendHeader('Content-Type', 'text/plain');
  response.setBody(text);
  return response;
}
