/** An error that maps to an HTTP status; anything else thrown while handling a request is a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
