// Who the page acts for, as the demo's server says (`GET /demo/session`, see
// scripts/demo-server.mjs). With the bundled local server: a development sign-in as a seeded user
// (the cookie `demo_user`, HttpOnly, which this page never reads; not a real session) or the
// operator's unscoped view. With a real Logto: no sign-in; a fixed scope (DEMO_ORGANIZATION_IDS)
// or nothing ("unconfigured": every proxied request is 401).

export type SessionView = "sign-in" | "scoped" | "operator" | "unconfigured";

export interface SignInChoice {
  id: string;
  label: string;
  email: string | null;
  /** The organizations this user administers (the scope they would act in). */
  adminOf: { id: string; name: string }[];
}

export interface Session {
  /** "local": the bundled local server; "logto": a real Logto; "none": no demo server (e.g. `vite dev` without it). */
  mode: "local" | "logto" | "none";
  view: SessionView;
  user: { id: string; label: string; email: string | null } | null;
  /** The scope of the scoped view: the organizations the proxy lets this page act in. */
  organizationIds: string[];
  choices: SignInChoice[];
}

/** No demo server answered: the page works as a plain client of the proxy (or a direct Logto). */
export const NO_SESSION: Readonly<Session> = { mode: "none", view: "operator", user: null, organizationIds: [], choices: [] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

const VIEWS: readonly SessionView[] = ["sign-in", "scoped", "operator", "unconfigured"];

function isView(value: unknown): value is SessionView {
  return typeof value === "string" && (VIEWS as readonly string[]).includes(value);
}

/** The session in the demo server's answer, or null when it is not one. */
export function parseSession(body: unknown): Session | null {
  if (!isRecord(body) || (body.mode !== "local" && body.mode !== "logto") || !isView(body.view)) return null;
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  let user: Session["user"] = null;
  if (isRecord(body.user)) {
    const id = str(body.user.id);
    if (id !== null) user = { id, label: str(body.user.label) ?? id, email: str(body.user.email) };
  }
  const choices = (Array.isArray(body.choices) ? body.choices : []).flatMap((c): SignInChoice[] => {
    if (!isRecord(c)) return [];
    const id = str(c.id);
    if (id === null) return [];
    const adminOf = (Array.isArray(c.adminOf) ? c.adminOf : []).flatMap((o) => {
      if (!isRecord(o)) return [];
      const oid = str(o.id);
      return oid === null ? [] : [{ id: oid, name: str(o.name) ?? oid }];
    });
    return [{ id, label: str(c.label) ?? id, email: str(c.email), adminOf }];
  });
  return { mode: body.mode, view: body.view, user, organizationIds: strings(body.organizationIds), choices };
}

/** Asks the demo server; no demo server (404, not JSON, unreachable) is NO_SESSION. */
export async function loadSession(signal?: AbortSignal): Promise<Session> {
  let response: Response;
  try {
    response = await fetch("/demo/session", { headers: { Accept: "application/json" }, ...(signal === undefined ? {} : { signal }) });
  } catch (error) {
    if (signal?.aborted === true) throw error;
    return { ...NO_SESSION };
  }
  if (response.status === 404) return { ...NO_SESSION };
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: no demo server behind this page.
  }
  if (!response.ok) {
    const message = isRecord(body) ? str(body.message) : null;
    throw new Error(message ?? `The demo server answered ${response.status} to GET /demo/session`);
  }
  return parseSession(body) ?? { ...NO_SESSION };
}

async function post(path: string, body: unknown): Promise<void> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    let message = `The demo server answered ${response.status} to POST ${path}`;
    try {
      const answer: unknown = await response.json();
      if (isRecord(answer) && typeof answer.message === "string") message = answer.message;
    } catch {
      // keep the status line
    }
    throw new Error(message);
  }
}

/** The development sign-in: a seeded user (scoped view) or the operator (unscoped view). */
export function signIn(choice: { userId: string } | { operator: true }): Promise<void> {
  return post("/demo/sign-in", choice);
}

export function signOut(): Promise<void> {
  return post("/demo/sign-out", {});
}
