/** The IQS database: its types, generated from the migrations, and the one typed server-side client. */
export type { Database, Json, Tables, Enums } from './database.types';
export {
  createServiceClient,
  connectAsService,
  checkReachable,
  ConnectionError,
  type IqsServiceClient,
  type ServiceTarget,
} from './serviceClient';
