import { Readable } from "node:stream";

/** Serves a fetch handler `(request: Request) => Promise<Response>` from Node's `http`. */
export function toNodeListener(handler) {
  return async (req, res) => {
    // A client that goes away aborts the request, and so the proxy's call to Logto.
    const disconnected = new AbortController();
    res.on("close", () => { if (!res.writableFinished) disconnected.abort(); });
    let request;
    try {
      const method = req.method ?? "GET";
      request = new Request(`http://${req.headers.host ?? "localhost"}${req.url}`, {
        method,
        headers: Object.entries(req.headers).flatMap(([name, values]) => [values ?? []].flat().map((value) => [name, value])),
        body: method === "GET" || method === "HEAD" ? null : Readable.toWeb(req),
        duplex: "half",
        signal: disconnected.signal,
      });
    } catch {
      res.writeHead(400).end(); // a request line or Host header that is no URL
      return;
    }
    try {
      const response = await handler(request);
      res.writeHead(response.status, [...response.headers].flat());
      if (response.body) for await (const chunk of response.body) res.write(chunk);
      res.end();
    } catch {
      // Before the status line: a 500. After it: break the connection, so that a body cut off
      // midway never looks complete to the client.
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  };
}
