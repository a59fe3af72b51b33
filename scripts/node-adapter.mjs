import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/** Serves a fetch handler `(request: Request) => Promise<Response>` from Node's `http` (and Express).
 * `origin` is your site's own origin, such as "https://dash.example.com": the Request's URL is that
 * origin plus the request's path, never taken from the client's `Host` header.
 * @param {(request: Request) => Promise<Response>} handler
 * @param {{ origin?: string }} [options]
 * @returns {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => Promise<void>} */
export function toNodeListener(handler, { origin } = {}) {
  if (typeof origin !== "string" || !/^https?:\/\/[^/?#@\\]+$/.test(origin)) {
    throw new TypeError(`toNodeListener: options.origin must be an origin such as "https://dash.example.com", got ${origin}`);
  }
  const base = new URL(origin).origin;
  return async (req, res) => {
    // A client that goes away aborts the request, and so the proxy's call to Logto.
    const disconnected = new AbortController();
    res.on("close", () => { if (!res.writableFinished) disconnected.abort(); });
    /** @type {Request} */
    let request;
    try {
      // Only an origin-form target, "/path?query" (RFC 9112 3.2.1): an absolute-form one
      // ("GET http://other/...") or "*" is refused. Appended, not resolved: "//other/x" stays a path.
      const target = req.url ?? "";
      if (!target.startsWith("/") || target.includes("#")) throw new Error("not origin-form");
      const method = req.method ?? "GET";
      // Typed apart: the DOM lib's RequestInit has no `duplex`, which Node's fetch needs for a
      // streamed body; the casts say that Node's web streams are the global ones.
      /** @type {RequestInit & { duplex: "half" }} */
      const init = {
        method,
        headers: Object.entries(req.headers).flatMap(([name, values]) => [values ?? []].flat().map((value) => /** @type {[string, string]} */ ([name, value]))),
        body: method === "GET" || method === "HEAD" ? null : /** @type {ReadableStream<Uint8Array>} */ (Readable.toWeb(req)),
        duplex: "half",
        signal: disconnected.signal,
      };
      request = new Request(base + target, init);
    } catch {
      res.writeHead(400).end(); // a request target or header the Fetch API cannot take
      return;
    }
    try {
      const response = await handler(request);
      res.writeHead(response.status, [...response.headers].flat());
      // pipeline waits for 'drain' when the client reads slowly, and cancels the body (and so
      // whatever produces it) when the client goes away.
      if (response.body) await pipeline(Readable.fromWeb(/** @type {import("node:stream/web").ReadableStream<Uint8Array>} */ (response.body)), res);
      else res.end();
    } catch {
      // Before the status line: a 500. After it: break the connection, so that a body cut off
      // midway never looks complete to the client.
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  };
}
