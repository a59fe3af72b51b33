// The Node http adapter (scripts/node-adapter.mjs, shown verbatim in both READMEs) with stub fetch
// handlers, over raw TCP on 127.0.0.1 so that the request line and headers are exactly what a
// client could send: the URL comes from the configured origin, never from Host (issue 17's
// reproduction); only origin-form targets reach the handler; the response body honours
// backpressure (a 150 MB body to a client that never reads, measured in a child process's RSS)
// and is cancelled when the client goes away; a client that disconnects aborts the Request's
// signal; a handler error gives 500 before the status line and a broken connection after it.
//
// Usage: node tests/proxy/adapter.mjs   (no build needed). ADAPTER_FILE=path runs the same tests
// against another copy of the adapter, e.g. an older one. Ends with `adapter: N passed, M failed`.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { connect } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ADAPTER_FILE = resolve(process.env.ADAPTER_FILE ?? join(ROOT, "scripts", "node-adapter.mjs"));
const { toNodeListener } = await import(pathToFileURL(ADAPTER_FILE).href);
const ORIGIN = "https://dash.example.com";
const BIG = 150 * 1024 * 1024; // the body of the backpressure test
const CHUNK = 64 * 1024;

// ----- child mode: a server whose handler answers a 150 MB body made lazily, chunk by chunk -----
if (process.argv[2] === "--large-body-server") {
  let pulled = 0;
  let cancelled = false;
  const body = () =>
    new ReadableStream({
      pull(controller) {
        if (pulled >= BIG) return controller.close();
        controller.enqueue(new Uint8Array(CHUNK)); // a fresh chunk each time, as real data would be
        pulled += CHUNK;
      },
      cancel() {
        cancelled = true;
      },
    });
  const server = createServer(toNodeListener(async () => new Response(body()), { origin: ORIGIN }));
  server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port, rss: process.memoryUsage().rss }));
  process.on("message", () => process.send({ rss: process.memoryUsage().rss, pulled, cancelled }));
  process.on("disconnect", () => process.exit(0));
} else {
  await main();
}

async function main() {
  let passed = 0;
  let failed = 0;
  const test = async (name, fn) => {
    try {
      await fn();
      passed += 1;
      console.log(`ok - ${name}`);
    } catch (error) {
      failed += 1;
      console.log(`not ok - ${name}: ${error?.message ?? error}`);
    }
  };
  const assert = (condition, message) => {
    if (!condition) throw new Error(message);
  };
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

  /** A server on 127.0.0.1 serving `handler` through the adapter; every Request it got is kept. */
  async function serve(handler) {
    const seen = [];
    const listener = toNodeListener((request) => {
      seen.push(request);
      return handler(request);
    }, { origin: ORIGIN });
    const server = createServer(listener);
    await new Promise((done) => server.listen(0, "127.0.0.1", done));
    return { port: server.address().port, seen, listener, close: () => {
      server.closeAllConnections();
      server.close();
    } };
  }
  /** Sends `head` (request line and headers) as is over TCP; resolves with all that comes back. */
  function raw(port, head, body = "") {
    return new Promise((done, fail) => {
      const socket = connect(port, "127.0.0.1");
      let text = "";
      socket.setEncoding("latin1");
      socket.on("data", (data) => (text += data));
      socket.on("error", fail);
      socket.on("close", () => done({ text, status: Number(text.split(" ")[1]) }));
      socket.write(`${head.join("\r\n")}\r\nConnection: close\r\n\r\n${body}`);
      setTimeout(() => socket.destroy(), 3000);
    });
  }
  const noContent = async () => new Response(null, { status: 204 });

  console.log(`# adapter: ${ADAPTER_FILE}`);

  // ----- item 1: the URL from the configured origin -----------------------------------------------
  await test("the URL is the configured origin + the request target, not the Host header (Host: dash.example/logto/api/organization-invitations/<other-id>#)", async () => {
    const server = await serve(noContent);
    try {
      const answer = await raw(server.port, [
        "DELETE /logto/api/organization-invitations/decoy HTTP/1.1",
        "Host: dash.example/logto/api/organization-invitations/other-id#",
      ]);
      assert(server.seen.length === 1, `the handler was called ${server.seen.length} times (HTTP ${answer.status})`);
      const url = server.seen[0].url;
      assert(url === `${ORIGIN}/logto/api/organization-invitations/decoy`, `the handler saw ${server.seen[0].method} ${url}`);
    } finally {
      server.close();
    }
  });

  for (const [target, why] of [
    ["http://dash.example/logto/api/organization-invitations/other-id", "absolute-form"],
    ["https://evil.example/logto/api/organization-invitations", "absolute-form, another origin"],
    ["*", "asterisk-form"],
    ["/logto/api/organization-invitations/decoy#/other-id", "a fragment"],
  ]) {
    await test(`400 for a request target that is not origin-form (${why}: ${target}), and the handler is never called`, async () => {
      const server = await serve(noContent);
      try {
        const answer = await raw(server.port, [`DELETE ${target} HTTP/1.1`, "Host: dash.example"]);
        assert(answer.status === 400, `HTTP ${answer.status}`);
        assert(server.seen.length === 0, `the handler saw ${server.seen.map((r) => `${r.method} ${r.url}`)}`);
      } finally {
        server.close();
      }
    });
  }

  await test('a target starting with "//" stays a path on the configured origin', async () => {
    const server = await serve(noContent);
    try {
      await raw(server.port, ["GET //evil.example/logto/api/organization-invitations HTTP/1.1", "Host: x"]);
      const url = new URL(server.seen[0]?.url ?? "about:blank");
      assert(url.origin === ORIGIN && url.pathname === "//evil.example/logto/api/organization-invitations", `the handler saw ${url}`);
    } finally {
      server.close();
    }
  });

  await test("toNodeListener refuses a missing or malformed origin at once", async () => {
    for (const options of [undefined, {}, { origin: "dash.example.com" }, { origin: "https://dash.example.com/app" }, { origin: "https://user@dash.example.com" }]) {
      let thrown;
      try {
        toNodeListener(noContent, options);
      } catch (error) {
        thrown = error;
      }
      assert(thrown instanceof TypeError, `no TypeError for ${JSON.stringify(options)}`);
    }
  });

  await test("a POST body is streamed to the handler; status, headers and body come back", async () => {
    const server = await serve(async (request) => {
      const text = await request.text();
      const headers = new Headers({ "content-type": "application/json", "x-seen": request.headers.get("x-test") ?? "" });
      headers.append("set-cookie", "a=1");
      headers.append("set-cookie", "b=2");
      return new Response(JSON.stringify({ method: request.method, text, path: new URL(request.url).pathname + new URL(request.url).search }), { status: 201, headers });
    });
    try {
      const body = '{"invitee":"a@example.com"}';
      const answer = await raw(server.port, ["POST /logto/api/organization-invitations?x=1 HTTP/1.1", "Host: x", "X-Test: yes", "Content-Type: application/json", `Content-Length: ${body.length}`], body);
      assert(answer.status === 201, `HTTP ${answer.status}`);
      assert(/\r\nx-seen: yes\r\n/i.test(answer.text) && /set-cookie: a=1\r\nset-cookie: b=2\r\n/i.test(answer.text), `headers: ${answer.text.split("\r\n\r\n")[0]}`);
      assert(answer.text.includes(JSON.stringify({ method: "POST", text: body, path: "/logto/api/organization-invitations?x=1" })), answer.text);
    } finally {
      server.close();
    }
  });

  await test("a body already read by a parser mounted first (express.json() before the proxy) gets a 400, never an empty body", async () => {
    const server = await serve(noContent);
    const listener = server.listener;
    const reading = createServer(async (req, res) => {
      for await (const chunk of req) void chunk; // what a body parser does
      listener(req, res);
    });
    await new Promise((done) => reading.listen(0, "127.0.0.1", done));
    try {
      const body = '{"invitee":"a@example.com"}';
      const answer = await raw(reading.address().port, ["POST /logto/api/organization-invitations HTTP/1.1", "Host: x", "Content-Type: application/json", `Content-Length: ${body.length}`], body);
      assert(answer.status === 400 && server.seen.length === 0, `HTTP ${answer.status}, the handler was called ${server.seen.length} times`);
    } finally {
      reading.close();
      server.close();
    }
  });

  // ----- item 2: backpressure, and the body cancelled when the client goes away -------------------
  // A child process (its RSS is its own) answers 150 MB, made chunk by chunk on demand, to a raw
  // TCP client that sends the request and never reads. Without backpressure the adapter pulls the
  // whole body into memory at once (issue 17: 51 -> 233 MB).
  {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--large-body-server"], {
      env: { ...process.env, ADAPTER_FILE },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const next = () => new Promise((done) => child.once("message", done));
    const ask = async () => {
      const answer = next();
      child.send("stats");
      return Promise.race([answer, sleep(10_000).then(() => ({ rss: NaN, pulled: NaN, cancelled: false }))]);
    };
    const MB = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    try {
      const { port, rss: before } = await next();
      const socket = connect(port, "127.0.0.1");
      socket.on("error", () => {});
      socket.pause(); // never reads: the kernel's buffers fill, then the server must wait
      socket.write("GET /logto/big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      // Until the pulled amount stops growing for 1 s, at most 5 s.
      let stats = await ask();
      let peak = stats.rss;
      let lastPulled = -1;
      let stableSince = Date.now();
      for (const until = Date.now() + 5000; Date.now() < until && Date.now() - stableSince < 1000;) {
        await sleep(200);
        stats = await ask();
        peak = Math.max(peak, stats.rss);
        if (stats.pulled !== lastPulled) [lastPulled, stableSince] = [stats.pulled, Date.now()];
      }
      const figures = `RSS ${MB(before)} before, ${MB(peak)} at most; ${MB(stats.pulled)} of ${MB(BIG)} pulled from the body`;
      await test(`backpressure: a 150 MB body to a client that never reads keeps RSS bounded (${figures})`, async () => {
        assert(peak - before < 50 * 1024 * 1024, `RSS grew by ${MB(peak - before)} (limit 50 MB)`);
        assert(stats.pulled < 32 * 1024 * 1024, `${MB(stats.pulled)} pulled while the client read nothing (limit 32 MB)`);
      });
      socket.destroy();
      let cancelled = false;
      for (const until = Date.now() + 2000; Date.now() < until && !cancelled;) {
        await sleep(100);
        cancelled = (await ask()).cancelled;
      }
      await test("the client going away cancels the response body (its ReadableStream's cancel is called)", async () => {
        assert(cancelled, "cancel() was not called within 2 s of the client closing the connection");
      });
    } finally {
      child.kill();
    }
  }

  // ----- item 3: disconnects and errors (existing behaviour) --------------------------------------
  await test("a client that disconnects before the answer aborts the Request's signal", async () => {
    let aborted = false;
    const server = await serve((request) => new Promise((done) => request.signal.addEventListener("abort", () => {
      aborted = true;
      done(new Response(null, { status: 204 }));
    })));
    try {
      const socket = connect(server.port, "127.0.0.1");
      socket.write("GET /logto/api/organization-invitations HTTP/1.1\r\nHost: x\r\n\r\n");
      for (let i = 0; i < 50 && server.seen.length === 0; i++) await sleep(20);
      socket.destroy();
      for (let i = 0; i < 50 && !aborted; i++) await sleep(20);
      assert(server.seen.length === 1 && aborted, `handler called ${server.seen.length} times, aborted: ${aborted}`);
    } finally {
      server.close();
    }
  });

  await test("a handler that throws before answering gives a 500", async () => {
    const server = await serve(async () => {
      throw new Error("boom");
    });
    try {
      const answer = await raw(server.port, ["GET /logto/x HTTP/1.1", "Host: x"]);
      assert(answer.status === 500, `HTTP ${answer.status}`);
    } finally {
      server.close();
    }
  });

  await test("a body that fails after the status line breaks the connection (no complete-looking answer)", async () => {
    const server = await serve(async () => {
      let sent = false;
      const body = new ReadableStream({
        async pull(controller) {
          // The error comes a little later, once the status line and the first chunk are out.
          if (sent) return sleep(100).then(() => controller.error(new Error("cut off")));
          sent = true;
          controller.enqueue(new TextEncoder().encode("partial"));
        },
      });
      return new Response(body, { status: 200, headers: { "content-type": "text/plain" } });
    });
    try {
      const answer = await raw(server.port, ["GET /logto/x HTTP/1.1", "Host: x"]);
      assert(answer.status === 200 && answer.text.includes("partial"), answer.text);
      // Chunked encoding: a complete body ends with the zero-length chunk, which must be missing.
      assert(!answer.text.endsWith("0\r\n\r\n"), `the body ended as if complete: ${JSON.stringify(answer.text.slice(-40))}`);
    } finally {
      server.close();
    }
  });

  console.log(`adapter: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
