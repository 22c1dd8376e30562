import { type FormEvent, useState } from 'react';
import type { Translator } from '../i18n/translator';
import type { AccountActions, AccountState } from '../ports';

type SignInError = 'invalidCredentials' | 'tooManyAttempts' | 'unreachable' | { readonly failed: string } | null;

function SignInForm({ backend, translator }: { backend: Pick<AccountActions, 'signIn'>; translator: Translator }) {
  const { t } = translator;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SignInError>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await backend.signIn(email, password);
    setBusy(false);
    if (result.ok) {
      setPassword('');
      return;
    }
    setError(
      result.reason === 'invalid_credentials'
        ? 'invalidCredentials'
        : result.reason === 'too_many_attempts'
          ? 'tooManyAttempts'
          : result.reason === 'unreachable'
            ? 'unreachable'
            : { failed: result.message },
    );
  };

  return (
    <form className="iqs-signin" onSubmit={(event) => void submit(event)} data-iqs-account="sign-in">
      <h2>{t('account.title')}</h2>
      <label>
        {t('account.email')}
        <input
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          disabled={busy}
        />
      </label>
      <label>
        {t('account.password')}
        <input
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          disabled={busy}
        />
      </label>
      <button type="submit" disabled={busy || !email || !password}>
        {busy ? t('account.signingIn') : t('account.signIn')}
      </button>
      {error && (
        <p className="iqs-error" role="alert">
          {error === 'invalidCredentials'
            ? t('account.invalidCredentials')
            : error === 'tooManyAttempts'
              ? t('account.tooManyAttempts')
              : error === 'unreachable'
                ? t('account.unreachable')
                : `${t('account.failed')} ${error.failed}`}
        </p>
      )}
    </form>
  );
}

/**
 * The account part of the IQS panel: a sign-in form, or who is signed in with their role and a sign-out button (and,
 * when given onOpenPage, the way to the IQS page where evaluations start and results are read).
 */
export function AccountSection({
  account,
  backend,
  translator,
  onOpenPage,
}: {
  account: AccountState;
  backend: AccountActions | null;
  translator: Translator;
  onOpenPage?: () => void;
}) {
  const { t } = translator;
  if (account.status === 'unconfigured' || !backend) {
    return (
      <p className="iqs-message" data-iqs-account="unconfigured">
        {t('account.unconfigured')}
      </p>
    );
  }
  switch (account.status) {
    case 'loading':
      return (
        <p className="iqs-message" data-iqs-account="loading">
          {t('account.loading')}
        </p>
      );
    case 'signed-out':
      return <SignInForm backend={backend} translator={translator} />;
    case 'signed-in':
      return (
        <div className="iqs-account" data-iqs-account="signed-in" data-iqs-role={account.profile.role}>
          <p>
            {t('account.signedInAs')} <strong data-iqs-account-name>{account.profile.displayName}</strong>
            <br />
            <span className="iqs-role">{t(`role.${account.profile.role}`)}</span> · {account.profile.siteName}
          </p>
          <div className="iqs-row">
            {onOpenPage && (
              <button type="button" className="iqs-primary" onClick={onOpenPage} data-iqs-action="open-page">
                {t('account.openPage')}
              </button>
            )}
            <button type="button" onClick={() => void backend.signOut()}>
              {t('account.signOut')}
            </button>
          </div>
        </div>
      );
    case 'no-profile':
      return (
        <div className="iqs-account" data-iqs-account="no-profile">
          <p className="iqs-error">{t('account.noProfile')}</p>
          <button type="button" onClick={() => void backend.signOut()}>
            {t('account.signOut')}
          </button>
        </div>
      );
    case 'error':
      return (
        <p className="iqs-error" data-iqs-account="error" role="alert">
          {t('account.error')} {account.message}
        </p>
      );
    default:
      return null;
  }
}
