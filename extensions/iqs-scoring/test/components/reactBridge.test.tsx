import { act, render } from '@testing-library/react';
import { useState } from 'react';
import { bridgeToHost } from '../../src/bridge/reactBridge';

function Counter({ start }: { start: number }) {
  const [count] = useState(start);
  return <span data-testid="inner">{`count ${count} from ${start}`}</span>;
}

function Broken(): never {
  throw new Error('broken on purpose');
}

describe('bridgeToHost', () => {
  it('renders a hook-using component inside its own root and passes props on update', async () => {
    const Bridged = bridgeToHost(Counter, 'counter');
    const { container, rerender, unmount } = render(<Bridged start={3} />);
    expect(container.querySelector('.iqs-host')?.textContent).toBe('count 3 from 3');
    rerender(<Bridged start={4} />);
    // the hook's state survives the update (same inner tree), and the new prop reaches it
    expect(container.textContent).toBe('count 3 from 4');
    await act(async () => unmount());
  });

  it('contains a failing component: the fallback shows, the host tree survives', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const Bridged = bridgeToHost(Broken, 'broken', { fallback: <p>IQS failed</p> });
    const { container, unmount } = render(
      <div>
        <h1>host</h1>
        <Bridged />
      </div>,
    );
    expect(container.textContent).toContain('host');
    expect(container.textContent).toContain('IQS failed');
    expect(error.mock.calls.some((call) => String(call[0]).includes('[IQS] broken failed'))).toBe(true);
    await act(async () => unmount());
    error.mockRestore();
  });

  it('unmounts its inner root with the host component', async () => {
    const error = jest.spyOn(console, 'error');
    const Bridged = bridgeToHost(Counter, 'counter');
    const { container, unmount } = render(<Bridged start={1} />);
    const host = container.querySelector('.iqs-host');
    expect(host?.textContent).toBe('count 1 from 1');
    await act(async () => unmount());
    expect(host?.textContent).toBe('');
    expect(error).not.toHaveBeenCalled();
    error.mockRestore();
  });
});
