import type { Statement } from './build';
import type { RestResponse } from './context';

/** The result row every statement returns. */
export interface ResultRow {
  total: number | null;
  pageTotal: number;
  body: string;
}

/** A request turned into one SQL statement, and how its result becomes the HTTP response. */
export interface Prepared {
  statement: Statement;
  readOnly: boolean;
  /** application/vnd.pgrst.object+json: exactly one row, or 406 and the transaction rolls back */
  singular: boolean;
  respond(result: ResultRow): RestResponse;
}
