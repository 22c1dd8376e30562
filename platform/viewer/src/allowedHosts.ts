/**
 * The host names the viewer answers: a web page the user visits elsewhere could otherwise point a name of its own
 * at IQS's address (DNS rebinding) and read the patient data through /dicomweb as if it were IQS. The browser sends
 * that name as the Host header, so a request whose Host is not one of IQS's names is refused.
 *
 * Allowed: the loopback names (localhost, 127.0.0.1, [::1]), the address IQS listens on (IQS_HOST; when that is a
 * wildcard such as 0.0.0.0, the machine's own addresses) and IQS_ALLOWED_HOSTS. An entry without a port matches
 * any port, one with a port that port only.
 */
import os from 'node:os';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/** "Name:port" as a Host header writes it (IPv6 in brackets), lower case; null when it is not a host at all. */
function splitHost(text: string): { name: string; port: string | null } | null {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/u.exec(text.trim().toLowerCase());
  return match ? { name: match[1]!, port: match[2] ?? null } : null;
}

const bracketed = (address: string): string => (address.includes(':') && !address.startsWith('[') ? `[${address}]` : address);

function ownAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .map((address) => bracketed(address.address.replace(/%.*$/u, '')));
}

export type HostCheck = (hostHeader: string | undefined) => boolean;

export function createHostCheck(listenHost: string, extra: readonly string[]): HostCheck {
  const listen = bracketed(listenHost.toLowerCase());
  const entries = [...LOOPBACK_NAMES, ...(WILDCARDS.has(listen) ? ownAddresses() : [listen]), ...extra]
    .map(splitHost)
    .filter((entry) => entry !== null);
  return (hostHeader) => {
    const host = hostHeader === undefined ? null : splitHost(hostHeader);
    if (!host) return false;
    return entries.some((entry) => entry.name === host.name && (entry.port === null || entry.port === host.port));
  };
}
