// Starts a module Web Worker that uses the package and publishes what it reports.
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
worker.onmessage = (event) => {
  window.__result = event.data;
};
worker.onerror = (event) => {
  window.__result = { steps: [{ name: "the worker started", ok: false, detail: event.message ?? "error event" }], notes: {} };
};
worker.postMessage(Object.fromEntries(new URLSearchParams(location.search)));
