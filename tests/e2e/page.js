// Shared by the release-artifact pages (release.html, fuzz.html): a step recorder, an admin call
// to the local server (to seed data), and the report that tests/e2e/release.mjs waits for.

/** Records named checks; `report` hands them to release.mjs. */
export function checks() {
  const steps = [];
  const check = (name, ok, detail = "") => steps.push({ name, ok: Boolean(ok), detail: String(detail) });
  return { steps, check };
}

/** A raw call to the local server with its full-access token (seeding, not under test). */
export function admin(method, path, body) {
  return fetch(path, {
    method,
    headers: { Authorization: "Bearer dev-token", "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then((response) => response.json());
}

/** Runs `run()` and publishes the steps (and any exception) as `window.__result`. */
export function report(run, steps) {
  const out = document.getElementById("out");
  run().then(
    () => {
      window.__result = { steps };
      out.textContent = JSON.stringify(steps, null, 2);
    },
    (error) => {
      window.__result = { steps, error: `${error?.name}: ${error?.message}` };
      out.textContent = String(error);
    },
  );
}
