// Organizations, organization roles and users for the dropdowns and for showing names instead of
// IDs. These are not part of the package (it covers invitations only), so they are plain
// `fetch` calls with the same base URL and the same auth: `Authorization: Bearer` only when a
// token is configured.
//
// Two shapes: the operator's (unscoped) view lists the tenant's users (`GET /api/users`); an
// organization's admin (scoped view) gets only the organizations the proxy lets them see
// (`GET /api/organizations`, scoped by the proxy) and their members
// (`GET /api/organizations/{id}/users`): the scoped proxy refuses the tenant-wide user search.

export interface Organization {
  id: string;
  name: string;
}

export interface Role {
  id: string;
  name: string;
  description: string;
}

export interface User {
  id: string;
  /** The best name to show: name, else username, else email, else ID. */
  label: string;
  primaryEmail: string | null;
}

export interface Lookups {
  organizations: Organization[];
  roles: Role[];
  users: User[];
}

/** A failed lookup, with the same facts the package reports for its own calls. */
export class LookupError extends Error {
  override name = "LookupError";
  readonly kind: "http" | "network" | "decode";
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;

  constructor(
    message: string,
    facts: { kind: "http" | "network" | "decode"; status?: number; code?: string; requestId?: string; cause?: unknown },
  ) {
    super(message, { cause: facts.cause });
    this.kind = facts.kind;
    this.status = facts.status;
    this.code = facts.code;
    this.requestId = facts.requestId;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(record: Record<string, unknown>, key: string): string | null {
  const value = record[key];
  return typeof value === "string" && value !== "" ? value : null;
}

async function getList(baseUrl: string, token: string, path: string, signal: AbortSignal): Promise<Record<string, unknown>[]> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (token !== "") headers.Authorization = `Bearer ${token}`;
  // Logto paginates these lists (20 per page by default); 100 is its largest page.
  const url = `${baseUrl}/api/${path}?page=1&page_size=100`;
  let response: Response;
  try {
    response = await fetch(url, { headers, signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new LookupError(
      `Could not reach ${url}: the server is unreachable, or the browser blocked the response (CORS: a production Logto only answers its own origins; use a same-origin proxy).`,
      { kind: "network", cause: error },
    );
  }
  const requestId = response.headers.get("Logto-Core-Request-Id") ?? undefined;
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: reported below.
  }
  if (!response.ok) {
    const message = isRecord(body) ? text(body, "message") : null;
    const code = isRecord(body) ? text(body, "code") : null;
    throw new LookupError(message ?? `HTTP ${response.status} ${response.statusText}`.trim(), {
      kind: "http",
      status: response.status,
      ...(code === null ? {} : { code }),
      ...(requestId === undefined ? {} : { requestId }),
    });
  }
  if (!Array.isArray(body)) {
    throw new LookupError(`GET ${url} did not return a JSON array`, {
      kind: "decode",
      status: response.status,
      ...(requestId === undefined ? {} : { requestId }),
    });
  }
  return body.filter(isRecord);
}

/** The members of these organizations, each once. */
async function membersOf(baseUrl: string, token: string, organizations: Record<string, unknown>[], signal: AbortSignal): Promise<Record<string, unknown>[]> {
  const lists = await Promise.all(
    organizations.flatMap((o) => {
      const id = text(o, "id");
      return id === null ? [] : [getList(baseUrl, token, `organizations/${encodeURIComponent(id)}/users`, signal)];
    }),
  );
  const seen = new Set<string>();
  return lists.flat().filter((u) => {
    const id = text(u, "id");
    if (id === null || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export async function loadLookups(baseUrl: string, token: string, signal: AbortSignal, scope: "organization" | "tenant" = "tenant"): Promise<Lookups> {
  const [organizations, roles, tenantUsers] = await Promise.all([
    getList(baseUrl, token, "organizations", signal),
    getList(baseUrl, token, "organization-roles", signal),
    scope === "tenant" ? getList(baseUrl, token, "users", signal) : Promise.resolve(null),
  ]);
  const users = tenantUsers ?? (await membersOf(baseUrl, token, organizations, signal));
  const byName = <T extends { label?: string; name?: string }>(a: T, b: T): number =>
    (a.label ?? a.name ?? "").localeCompare(b.label ?? b.name ?? "");
  return {
    organizations: organizations
      .flatMap((o) => {
        const id = text(o, "id");
        return id === null ? [] : [{ id, name: text(o, "name") ?? id }];
      })
      .sort(byName),
    roles: roles
      .flatMap((r) => {
        const id = text(r, "id");
        return id === null ? [] : [{ id, name: text(r, "name") ?? id, description: text(r, "description") ?? "" }];
      })
      .sort(byName),
    users: users
      .flatMap((u) => {
        const id = text(u, "id");
        if (id === null) return [];
        const primaryEmail = text(u, "primaryEmail");
        return [{ id, label: text(u, "name") ?? text(u, "username") ?? primaryEmail ?? id, primaryEmail }];
      })
      .sort(byName),
  };
}
