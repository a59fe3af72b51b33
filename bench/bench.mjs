// The browser half of the benchmark: one page, one run. bench/run.mjs opens bench.html from the
// local server (same origin as the API) and calls `runBench(config)`, which returns raw samples.
//
// Contenders for each call (same URL, same server, same connection pool):
//   package        this package's OrganizationInvitationsApi (pkg/index.js, release build)
//   fetch          fetch(url, { headers: { Authorization, Accept } }).then((r) => r.json())
//   openapi-fetch  openapi-fetch's client.GET (bench/dist/openapi-fetch.js, bundled by run.mjs)
import init, { OrganizationInvitationsApi } from "../pkg/index.js";
// wasm-bindgen's glue, which pkg/index.js loads: after init() its default export returns the
// module's exports (for wasm.memory); not part of the package's public API.
import loadedExports from "../pkg/logto_invitations.js";
import createClient from "./dist/openapi-fetch.js";

const out = document.getElementById("out");
const log = (line) => {
  out.textContent += `\n${line}`;
  console.log(line);
};
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** usedJSHeapSize after full collections (needs --js-flags=--expose-gc, --enable-precise-memory-info). */
async function heapAfterGc() {
  for (let i = 0; i < 3; i += 1) {
    globalThis.gc?.();
    await tick();
  }
  return performance.memory?.usedJSHeapSize ?? null;
}

/** The smallest non-zero step of performance.now() seen (the browser coarsens it). */
function timerResolutionMs() {
  let smallest = Infinity;
  for (let i = 0; i < 50; i += 1) {
    const a = performance.now();
    let b = performance.now();
    while (b === a) b = performance.now();
    smallest = Math.min(smallest, b - a);
  }
  return smallest;
}

/** Runs `count` calls of `call(i)` with `concurrency` workers; `onDone(n)` after each call. */
async function pool(count, concurrency, call, onDone) {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      await call(i);
      done += 1;
      await onDone?.(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Times the contenders round-robin (starting contender rotates each iteration) after a warm-up. */
async function timeInterleaved(contenders, { warmup, iterations, gcBefore = false }) {
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  let kept;
  for (let i = -warmup; i < iterations; i += 1) {
    for (let k = 0; k < names.length; k += 1) {
      const name = names[(i + warmup + k) % names.length];
      // gcBefore: an untimed full collection before each call, the previous result kept alive
      // until then, so each call pays for its own allocations only (as the page measured).
      if (gcBefore) globalThis.gc?.();
      const started = performance.now();
      kept = await contenders[name]();
      const elapsed = performance.now() - started;
      if (i >= 0) samples[name].push(elapsed);
    }
  }
  void kept;
  return samples;
}

async function runBench(config) {
  const { token, invitationId, lists, memoryCalls, memoryConcurrency } = config;
  const headers = { Authorization: `Bearer ${token}`, Accept: "application/json" };
  const origin = location.origin;
  const result = {
    userAgent: navigator.userAgent,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    timerResolutionMs: timerResolutionMs(),
  };

  // Memory first, on a fresh instance: wasm linear memory and JS heap around N sequential-ish gets.
  await init();
  // The memory export found by type: scripts/minify-wasm-names.mjs shortens the export names.
  const exports = await loadedExports();
  const wasm = { memory: Object.values(exports).find((value) => value instanceof WebAssembly.Memory) };
  const api = new OrganizationInvitationsApi({ baseUrl: origin, accessToken: token });
  const memory = { calls: memoryCalls, concurrency: memoryConcurrency, points: [] };
  const sample = async (calls) => {
    memory.points.push({ calls, wasmBytes: wasm.memory.buffer.byteLength, jsHeapBytes: await heapAfterGc() });
  };
  await sample(0);
  const memStarted = performance.now();
  await pool(memoryCalls, memoryConcurrency, () => api.getOrganizationInvitation(invitationId), async (done) => {
    if (done === 1 || done === 1000 || done === memoryCalls) await sample(done);
  });
  memory.seconds = (performance.now() - memStarted) / 1000;
  result.memory = memory;
  log(`memory: ${memoryCalls} calls in ${memory.seconds.toFixed(1)} s`);

  // Speed: the same request through each contender.
  const client = createClient({ baseUrl: origin, headers: { Authorization: `Bearer ${token}` } });
  const unwrap = ({ data, error }) => {
    if (error !== undefined) throw new Error(`openapi-fetch: ${JSON.stringify(error)}`);
    return data;
  };
  const getUrl = `${origin}/api/organization-invitations/${encodeURIComponent(invitationId)}`;
  const scenarios = [
    {
      name: "get",
      ...config.get,
      contenders: {
        package: () => api.getOrganizationInvitation(invitationId),
        fetch: () => fetch(getUrl, { headers }).then((r) => r.json()),
        "openapi-fetch": () => client.GET("/api/organization-invitations/{id}", { params: { path: { id: invitationId } } }).then(unwrap),
      },
    },
    // The method for lists: an untimed gc() before each call, so that each call pays
    // for its own garbage only (a 10,000-item list is ~130,000 objects for every contender).
    ...lists.map(({ count, organizationId, ...timing }) => {
      const url = `${origin}/api/organization-invitations?organizationId=${encodeURIComponent(organizationId)}`;
      return {
        name: `list ${count}`,
        count,
        expect: count,
        gcBefore: true,
        ...timing,
        contenders: {
          package: () => api.listOrganizationInvitations({ organizationId }),
          fetch: () => fetch(url, { headers }).then((r) => r.json()),
          "openapi-fetch": () => client.GET("/api/organization-invitations", { params: { query: { organizationId } } }).then(unwrap),
        },
      };
    }),
  ];
  result.speed = [];
  for (const scenario of scenarios) {
    // Every contender must return the same thing before it is timed.
    for (const [name, call] of Object.entries(scenario.contenders)) {
      const value = await call();
      const ok = scenario.expect === undefined ? value?.id === invitationId : value?.length === scenario.expect;
      if (!ok) throw new Error(`${scenario.name}: ${name} returned an unexpected result`);
    }
    const started = performance.now();
    const samples = await timeInterleaved(scenario.contenders, scenario);
    const seconds = (performance.now() - started) / 1000;
    result.speed.push({ name: scenario.name, count: scenario.count ?? 1, gcBefore: scenario.gcBefore === true, iterations: scenario.iterations, warmup: scenario.warmup, seconds, samples });
    log(`${scenario.name}: ${scenario.iterations} iterations in ${seconds.toFixed(1)} s`);
  }

  // Where the time of the largest list goes: fetch's phases and the package, interleaved.
  const largest = lists[lists.length - 1];
  if (largest && config.breakdownIterations > 0) {
    const url = `${origin}/api/organization-invitations?organizationId=${encodeURIComponent(largest.organizationId)}`;
    const phases = { headers: [], text: [], parse: [], fetchJson: [], package: [] };
    const timed = async (fn) => {
      globalThis.gc?.();
      const started = performance.now();
      await fn();
      return performance.now() - started;
    };
    for (let i = -2; i < config.breakdownIterations; i += 1) {
      globalThis.gc?.();
      const t0 = performance.now();
      const response = await fetch(url, { headers });
      const t1 = performance.now();
      const text = await response.text();
      const t2 = performance.now();
      JSON.parse(text);
      const t3 = performance.now();
      const fetchJson = await timed(() => fetch(url, { headers }).then((r) => r.json()));
      const pkg = await timed(() => api.listOrganizationInvitations({ organizationId: largest.organizationId }));
      if (i < 0) continue;
      phases.headers.push(t1 - t0);
      phases.text.push(t2 - t1);
      phases.parse.push(t3 - t2);
      phases.fetchJson.push(fetchJson);
      phases.package.push(pkg);
      result.bodyBytes = text.length;
    }
    result.breakdown = { list: largest.count, iterations: config.breakdownIterations, phases };
  }
  // Where a get's time goes, package against fetch: the Resource Timing entry of each call, and
  // the moments the page's fetch() and Response.prototype.json were called and settled (both
  // wrapped for this part only, for both contenders alike): the call's own work up to fetch(),
  // fetch() to the request's start, the network and server, the headers' arrival to json(), the
  // body, and the body to the call's result (the checks, resolving).
  if (config.getPhaseIterations > 0) {
    performance.setResourceTimingBufferSize(1_000_000);
    const marks = {};
    const realFetch = globalThis.fetch;
    const realJson = Response.prototype.json;
    globalThis.fetch = function (...args) {
      marks.fetchCalled = performance.now();
      const pending = realFetch.apply(this, args);
      pending.then(() => (marks.fetchSettled = performance.now()), () => {});
      return pending;
    };
    Response.prototype.json = function () {
      marks.jsonCalled = performance.now();
      const pending = realJson.call(this);
      pending.then(() => (marks.jsonSettled = performance.now()), () => {});
      return pending;
    };
    const contenders = {
      package: () => api.getOrganizationInvitation(invitationId),
      fetch: () => fetch(getUrl, { headers }).then((r) => r.json()),
    };
    const keys = ["total", "toFetch", "fetchToStart", "request", "headersToJson", "json", "jsonToResult"];
    const phases = Object.fromEntries(Object.keys(contenders).map((name) => [name, Object.fromEntries(keys.map((key) => [key, []]))]));
    const names = Object.keys(contenders);
    try {
      for (let i = -20; i < config.getPhaseIterations; i += 1) {
        for (let k = 0; k < names.length; k += 1) {
          const name = names[(i + 20 + k) % names.length];
          performance.clearResourceTimings();
          for (const key of Object.keys(marks)) delete marks[key];
          const started = performance.now();
          await contenders[name]();
          const ended = performance.now();
          const entries = performance.getEntriesByType("resource").filter((entry) => entry.name === getUrl);
          if (i < 0 || entries.length !== 1) continue;
          const [entry] = entries;
          const p = phases[name];
          p.total.push(ended - started);
          p.toFetch.push(marks.fetchCalled - started);
          p.fetchToStart.push(entry.startTime - marks.fetchCalled);
          p.request.push(entry.responseEnd - entry.startTime);
          p.headersToJson.push(marks.jsonCalled - marks.fetchSettled);
          p.json.push(marks.jsonSettled - marks.jsonCalled);
          p.jsonToResult.push(ended - marks.jsonSettled);
        }
      }
    } finally {
      globalThis.fetch = realFetch;
      Response.prototype.json = realJson;
    }
    performance.clearResourceTimings();
    result.getPhases = { iterations: config.getPhaseIterations, phases };
  }
  // The package's own CPU cost per get, without the network: fetch is replaced by one that
  // answers at once with a recorded invitation, for the package and for hand-written fetch.
  if (config.stubbedIterations > 0) {
    const recorded = JSON.stringify(await api.getOrganizationInvitation(invitationId));
    const realFetch = globalThis.fetch;
    globalThis.fetch = () =>
      Promise.resolve(new Response(recorded, { status: 200, headers: { "content-type": "application/json", "logto-core-request-id": "stub" } }));
    // openapi-fetch keeps the fetch it was created with: give it the stub too.
    const stubbedClient = createClient({ baseUrl: origin, headers: { Authorization: `Bearer ${token}` }, fetch: globalThis.fetch });
    try {
      const samples = await timeInterleaved(
        {
          package: () => api.getOrganizationInvitation(invitationId),
          fetch: () => fetch(getUrl, { headers }).then((r) => r.json()),
          "openapi-fetch": () => stubbedClient.GET("/api/organization-invitations/{id}", { params: { path: { id: invitationId } } }).then(unwrap),
        },
        { warmup: 200, iterations: config.stubbedIterations },
      );
      result.stubbed = { iterations: config.stubbedIterations, samples };
    } finally {
      globalThis.fetch = realFetch;
    }
  }
  result.wasmBytesAtEnd = wasm.memory.buffer.byteLength;
  result.jsHeapBytesAtEnd = await heapAfterGc();
  log("done");
  return result;
}

window.runBench = runBench;
out.textContent = "ready: bench/run.mjs calls runBench(config)";
