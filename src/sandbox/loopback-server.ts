import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Starts `server` on `host:port` (port 0 picks a free one) and resolves with its base URL, for example
 * `http://127.0.0.1:41234` or `http://[::1]:41234`. A failure to bind (port in use) rejects instead of
 * crashing the process through an unhandled `error` event.
 */
export function listenOnLoopback(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve(`http://${shownHost}:${address.port}`);
    });
  });
}

/**
 * Stops `server` and drops its open keep-alive connections at once, so a test or the demo can exit without
 * waiting for idle sockets to time out.
 */
export async function closeServer(server: Server): Promise<void> {
  const closing = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  server.closeAllConnections();
  await closing;
}
