/** Nothing shared to stop: each browser test file stops the IQS process it started. */
export default async function globalTeardown(): Promise<void> {}
