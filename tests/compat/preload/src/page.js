// What every page shares: where the API is (the page's own origin, the local server, unless
// ?api= says otherwise), and the result left for the test (window.__result).
const params = new URLSearchParams(location.search);

export const settings = {
  api: params.get("api") ?? location.origin,
  token: params.get("token") ?? "dev-token",
  organizationId: params.get("organizationId") ?? "org_cold_start",
};

/** Leaves the call's outcome for the test: the list's length, or the error's message. */
export function done(outcome) {
  window.__result = Array.isArray(outcome) ? { ok: true, count: outcome.length } : { ok: false, error: String(outcome?.message ?? outcome) };
}
