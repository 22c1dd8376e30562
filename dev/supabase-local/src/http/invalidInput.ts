/**
 * Input PostgreSQL cannot take, refused before anything else looks at the request: NUL (U+0000) anywhere — in the
 * path, a query parameter's name or value (select aliases, columns, filters) or a JSON body, raw or as the escape
 * \u0000 — since PostgreSQL text cannot hold it. Header values with NUL never get here: Node's HTTP parser answers
 * 400 itself.
 */
export class InvalidInputError extends Error {
  constructor(
    readonly part: 'path' | 'query' | 'body',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

// \u0000 escaped in JSON: preceded by an odd number of backslashes (an even number is an escaped backslash + text)
const JSON_NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/i;

const nulMessage = (where: string) => `The request contains a NUL character (U+0000) in ${where}: PostgreSQL text cannot hold it`;

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // a malformed escape is answered where the path is read
  }
}

export function refuseNul(path: string, query: URLSearchParams, body: string | null): void {
  if (decoded(path).includes('\u0000')) throw new InvalidInputError('path', nulMessage('the path'));
  for (const [name, value] of query) {
    if (name.includes('\u0000')) throw new InvalidInputError('query', nulMessage('the name of a query parameter'));
    if (value.includes('\u0000')) throw new InvalidInputError('query', nulMessage(`the query parameter "${name}"`));
  }
  if (body !== null && (body.includes('\u0000') || JSON_NUL_ESCAPE.test(body))) {
    throw new InvalidInputError('body', nulMessage('the body'));
  }
}
