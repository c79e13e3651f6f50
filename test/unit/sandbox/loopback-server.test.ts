import { createServer } from "node:http";
import { closeServer, listenOnLoopback } from "../../../src/sandbox/loopback-server";

describe("loopback server helpers", () => {
  test("listenOnLoopback resolves with the base URL of a free port, and closeServer stops it", async () => {
    // GIVEN
    const server = createServer((_request, response) => response.end("ok"));
    // WHEN
    const url = await listenOnLoopback(server, 0, "127.0.0.1");
    const body = await (await fetch(url)).text();
    await closeServer(server);
    // THEN
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(body).toBe("ok");
    expect(server.listening).toBe(false);
  });

  test("a port already in use rejects with the bind error instead of crashing", async () => {
    // GIVEN
    const first = createServer();
    const url = await listenOnLoopback(first, 0, "127.0.0.1");
    const port = Number(new URL(url).port);
    const second = createServer();
    try {
      // WHEN / THEN
      await expect(listenOnLoopback(second, port, "127.0.0.1")).rejects.toMatchObject({ code: "EADDRINUSE" });
    } finally {
      await closeServer(first);
    }
  });
});
