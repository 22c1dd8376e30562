/**
 * Rate limiting of password sign-in, per account (the email asked for, known or not) and per client address: after
 * a number of failed attempts the key is locked, and every further failure doubles the lock. While locked, every
 * attempt is refused — a correct password too — without checking the password. A successful sign-in clears its
 * account's failures (not its address's). Attempts on one account run one after another, so a burst of parallel
 * guesses is counted as exactly as a sequence.
 */

export interface LoginLimitSettings {
  /** failed attempts on one account before it is locked (default 5) */
  accountFailures: number;
  /** failed attempts from one client address, whatever the account, before it is locked (default 20) */
  addressFailures: number;
  /** the first lock, in seconds; it doubles with every further failure (default 1) */
  firstLockSeconds: number;
  /** the longest lock, in seconds (default 900) */
  maxLockSeconds: number;
  /** failures are forgotten this long after the last one, once no lock is running (default 900) */
  windowSeconds: number;
  /** how many accounts and addresses are remembered at most; the oldest are forgotten first (default 10,000) */
  maxEntries: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimitSettings = {
  accountFailures: 5,
  addressFailures: 20,
  firstLockSeconds: 1,
  maxLockSeconds: 900,
  windowSeconds: 900,
  maxEntries: 10_000,
};

/** Refused because the account or the address is locked; retryAfterMs until the lock ends. */
export class LoginLockedError extends Error {
  constructor(
    readonly scope: 'account' | 'address',
    readonly retryAfterMs: number,
  ) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(
      scope === 'account'
        ? `Too many failed sign-in attempts for this account: try again in ${seconds} s`
        : `Too many failed sign-in attempts from this address: try again in ${seconds} s`,
    );
    this.name = 'LoginLockedError';
  }
}

interface Entry {
  failures: number;
  /** attempts under way (their outcome not known yet) */
  pending: number;
  lastFailureAt: number;
  lockedUntil: number;
}

/** Failures per key (an account or an address), with an exponentially growing lock past a threshold. */
class FailureCounter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly threshold: number,
    private readonly settings: LoginLimitSettings,
  ) {}

  private entry(key: string, now: number): Entry {
    let entry = this.entries.get(key);
    if (entry && entry.pending === 0 && now >= entry.lockedUntil && now - entry.lastFailureAt > this.settings.windowSeconds * 1000) {
      this.entries.delete(key);
      entry = undefined;
    }
    if (!entry) {
      entry = { failures: 0, pending: 0, lastFailureAt: 0, lockedUntil: 0 };
      this.entries.set(key, entry);
      this.prune(now);
    }
    return entry;
  }

  /** Forgets expired entries, then the oldest, when too many keys are remembered (emails are the client's choice). */
  private prune(now: number): void {
    if (this.entries.size <= this.settings.maxEntries) return;
    for (const [key, entry] of this.entries) {
      if (entry.pending === 0 && now >= entry.lockedUntil && now - entry.lastFailureAt > this.settings.windowSeconds * 1000) {
        this.entries.delete(key);
      }
    }
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.settings.maxEntries) break;
      if (entry.pending === 0) this.entries.delete(key);
    }
  }

  /**
   * Milliseconds until the key may try again, 0 when it may now. Besides a running lock, attempts under way count as
   * failures once the key has failed before: a burst cannot get past the threshold while the first answers are out.
   */
  waitFor(key: string, now: number): number {
    const entry = this.entry(key, now);
    if (now < entry.lockedUntil) return entry.lockedUntil - now;
    if (entry.failures > 0 && entry.failures + entry.pending >= this.threshold && entry.pending > 0) {
      return this.settings.firstLockSeconds * 1000;
    }
    return 0;
  }

  begin(key: string, now: number): void {
    this.entry(key, now).pending++;
  }

  end(key: string, outcome: 'failed' | 'succeeded' | 'neither', resetOnSuccess: boolean, now: number): void {
    const entry = this.entry(key, now);
    entry.pending = Math.max(0, entry.pending - 1);
    if (outcome === 'succeeded' && resetOnSuccess) {
      entry.failures = 0;
      entry.lockedUntil = 0;
    } else if (outcome === 'failed') {
      entry.failures++;
      entry.lastFailureAt = now;
      if (entry.failures >= this.threshold) {
        const lock = this.settings.firstLockSeconds * 1000 * 2 ** Math.min(entry.failures - this.threshold, 30);
        entry.lockedUntil = now + Math.min(lock, this.settings.maxLockSeconds * 1000);
      }
    }
  }
}

export type AttemptOutcome = 'failed' | 'succeeded' | 'neither';

export class LoginLimiter {
  private readonly settings: LoginLimitSettings;
  private readonly accounts: FailureCounter;
  private readonly addresses: FailureCounter;
  /** the attempt running per account: the next one waits for it */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    settings: Partial<LoginLimitSettings> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.settings = { ...DEFAULT_LOGIN_LIMITS, ...settings };
    this.accounts = new FailureCounter(this.settings.accountFailures, this.settings);
    this.addresses = new FailureCounter(this.settings.addressFailures, this.settings);
  }

  /**
   * Runs one sign-in attempt of `email` from `address` under the limits: throws LoginLockedError without calling
   * `attempt` while either is locked. `classify` tells a failed password from a success (and from neither, e.g. an
   * unconfirmed email) by the attempt's result or error.
   */
  async attempt<T>(email: string, address: string, attempt: () => Promise<T>, classify: (error: unknown) => AttemptOutcome): Promise<T> {
    const account = email.trim().toLowerCase();
    const previous = this.queues.get(account) ?? Promise.resolve();
    const run = previous.then(
      () => this.run(account, address, attempt, classify),
      () => this.run(account, address, attempt, classify),
    );
    this.queues.set(account, run);
    try {
      return await run;
    } finally {
      if (this.queues.get(account) === run) this.queues.delete(account);
    }
  }

  private async run<T>(
    account: string,
    address: string,
    attempt: () => Promise<T>,
    classify: (error: unknown) => AttemptOutcome,
  ): Promise<T> {
    const now = this.now();
    const accountWait = this.accounts.waitFor(account, now);
    const addressWait = this.addresses.waitFor(address, now);
    if (accountWait > 0 || addressWait > 0) {
      throw accountWait >= addressWait ? new LoginLockedError('account', accountWait) : new LoginLockedError('address', addressWait);
    }
    this.accounts.begin(account, now);
    this.addresses.begin(address, now);
    let outcome: AttemptOutcome = 'neither';
    try {
      const value = await attempt();
      outcome = 'succeeded';
      return value;
    } catch (error) {
      outcome = classify(error);
      throw error;
    } finally {
      const end = this.now();
      this.accounts.end(account, outcome, true, end);
      this.addresses.end(address, outcome, false, end);
    }
  }
}
