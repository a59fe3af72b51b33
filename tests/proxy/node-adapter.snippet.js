import { Readable } from "node:stream";

/** Serves a fetch handler `(request: Request) => Promise<Response>` from Node's `http`. */
export function toNodeListener(handler) {
  return async (req, res) => {
    let request;
    try {
      const method = req.method ?? "GET";
      request = new Request(`http://${req.headers.host ?? "localhost"}${req.url}`, {
        method,
        headers: Object.entries(req.headers).flatMap(([name, values]) => [values ?? []].flat().map((value) => [name, value])),
        body: method === "GET" || method === "HEAD" ? null : Readable.toWeb(req),
        duplex: "half",
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
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  };
}
