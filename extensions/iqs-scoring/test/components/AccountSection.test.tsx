import { act, fireEvent, render, screen } from '@testing-library/react';
import { createTranslator } from '../../src/i18n/translator';
import { AccountSection } from '../../src/ui/AccountSection';
import type { AccountState, SignInResult } from '../../src/ports';

const en = createTranslator('en');
const nl = createTranslator('nl');

function fakeBackend(result: SignInResult) {
  return {
    calls: [] as Array<[string, string]>,
    signOuts: 0,
    async signIn(email: string, password: string) {
      this.calls.push([email, password]);
      return result;
    },
    async signOut() {
      this.signOuts++;
    },
  };
}

const signedIn: AccountState = {
  status: 'signed-in',
  email: 'petra.jansen@demo.iqs.example',
  profile: { personId: 'p1', displayName: 'Petra Jansen', role: 'radiographer', siteId: 's1', siteName: 'Demo Ziekenhuis — Radiologie' },
};

async function fillAndSubmit(email: string, password: string): Promise<void> {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  });
}

describe('AccountSection', () => {
  it('signs in with the email and password typed', async () => {
    const backend = fakeBackend({ ok: true });
    render(<AccountSection account={{ status: 'signed-out' }} backend={backend} translator={en} />);
    await fillAndSubmit('petra.jansen@demo.iqs.example', 'iqs-demo-2026');
    expect(backend.calls).toEqual([['petra.jansen@demo.iqs.example', 'iqs-demo-2026']]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says plainly when the password is wrong, and when the server cannot be reached', async () => {
    const { unmount } = render(
      <AccountSection
        account={{ status: 'signed-out' }}
        backend={fakeBackend({ ok: false, reason: 'invalid_credentials', message: 'x' })}
        translator={en}
      />,
    );
    await fillAndSubmit('a@b.c', 'wrong');
    expect(screen.getByRole('alert').textContent).toBe('Email or password is not right.');
    unmount();
    render(
      <AccountSection
        account={{ status: 'signed-out' }}
        backend={fakeBackend({ ok: false, reason: 'unreachable', message: 'fetch failed' })}
        translator={en}
      />,
    );
    await fillAndSubmit('a@b.c', 'pw');
    expect(screen.getByRole('alert').textContent).toContain('cannot be reached');
  });

  it('says that signing in is paused after too many failures, not that the password is wrong', async () => {
    render(
      <AccountSection
        account={{ status: 'signed-out' }}
        backend={fakeBackend({
          ok: false,
          reason: 'too_many_attempts',
          message: 'Too many failed sign-in attempts for this account: try again in 4 s',
        })}
        translator={en}
      />,
    );
    await fillAndSubmit('a@b.c', 'pw');
    expect(screen.getByRole('alert').textContent).toBe(
      'Too many failed attempts: signing in is paused for a moment. Wait a little and try again.',
    );
  });

  it('shows who is signed in, with role and department, and signs out', () => {
    const backend = fakeBackend({ ok: true });
    const { container } = render(<AccountSection account={signedIn} backend={backend} translator={en} />);
    expect(container.textContent).toContain('Signed in as Petra Jansen');
    expect(container.textContent).toContain('Radiographer · Demo Ziekenhuis — Radiologie');
    expect(container.querySelector('[data-iqs-account="signed-in"]')?.getAttribute('data-iqs-role')).toBe('radiographer');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(backend.signOuts).toBe(1);
    // the way to the IQS page is offered only where the panel asks for it
    expect(screen.queryByRole('button', { name: 'Evaluations and results' })).toBeNull();
  });

  it('offers the IQS page to a signed-in user when asked to', () => {
    let opened = 0;
    render(<AccountSection account={signedIn} backend={fakeBackend({ ok: true })} translator={en} onOpenPage={() => opened++} />);
    fireEvent.click(screen.getByRole('button', { name: 'Evaluations and results' }));
    expect(opened).toBe(1);
  });

  it('speaks Dutch', () => {
    render(
      <AccountSection
        account={{ ...signedIn, profile: { ...signedIn.profile, role: 'quality_officer' } } as AccountState}
        backend={fakeBackend({ ok: true })}
        translator={nl}
      />,
    );
    expect(screen.getByText('Kwaliteitsfunctionaris')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Afmelden' })).toBeTruthy();
  });

  it('explains a signed-in user without an IQS profile, a missing backend and a failed load', () => {
    const { rerender, container } = render(
      <AccountSection account={{ status: 'no-profile', email: 'x@y.z' }} backend={fakeBackend({ ok: true })} translator={en} />,
    );
    expect(container.textContent).toContain('not a member of an IQS department');
    rerender(<AccountSection account={{ status: 'unconfigured' }} backend={null} translator={en} />);
    expect(container.textContent).toContain('signing in is not available');
    rerender(<AccountSection account={{ status: 'error', message: 'boom' }} backend={fakeBackend({ ok: true })} translator={en} />);
    expect(screen.getByRole('alert').textContent).toContain('boom');
  });
});
