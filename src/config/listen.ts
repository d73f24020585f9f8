/** Listener addresses as written in services.yaml: `127.0.0.1:9464`, `0.0.0.0:9464`, `[::1]:9464`, `myhost:9464`. */

export interface ListenAddress {
  /** as passed to server.listen (IPv6 without brackets) */
  host: string;
  port: number;
}

// The port is required: a listener Prometheus must find cannot sit on a port picked at random.
const ADDRESS = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

export function parseListenAddress(text: string): ListenAddress | undefined {
  const m = ADDRESS.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: (m[1] ?? m[2])!, port };
}

/** Back to `host:port`, brackets around IPv6, for messages and URLs. */
export function formatListenAddress(a: ListenAddress): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
