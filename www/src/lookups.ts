// Organizations, organization roles and users for the dropdowns and for showing names instead of
// IDs. The package's typed lookups do what they cover, through the same transport as every call
// (token refresh after a 401, time limits, `LogtoApiError`): the roles
// (`listOrganizationRoles`), an organization (`getOrganization`) and its members
// (`listOrganizationUsers`).
//
// Two shapes: an organization's admin (scoped view) gets the organizations of their scope, one
// `getOrganization` each, and their members; the scoped proxy refuses the tenant-wide user search.
// The operator's (unscoped) view lists every organization and the tenant's users: the package has
// no call for either (`GET /api/organizations`, `GET /api/users`: they are not about invitations,
// and the tenant-wide user search is an operator's tool the scoped proxy refuses), so those two
// stay plain `fetch` calls with the client's base URL and auth (`Authorization: Bearer` only
// when a token is configured), reporting failures with the same facts as the package's errors.
import type { OrganizationInvitationsApi } from "logto-invitations";

export interface Organization {
  id: string;
  name: string;
}

export interface Role {
  id: string;
  name: string;
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

/** Whose lookups: an organization's admin (their organizations) or the operator (the tenant). */
export type LookupScope = { kind: "organization"; organizationIds: readonly string[] } | { kind: "tenant" };

/** A failed plain `fetch` lookup, with the same facts the package reports for its own calls. */
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

/** A list the package has no call for (the operator's view only; see the top of this file). */
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

function userOf(user: { id: string; name?: string | null; username?: string | null; primaryEmail?: string | null }): User {
  const primaryEmail = user.primaryEmail == null || user.primaryEmail === "" ? null : user.primaryEmail;
  return { id: user.id, label: user.name || user.username || primaryEmail || user.id, primaryEmail };
}

const byLabel = (a: User, b: User): number => a.label.localeCompare(b.label);
const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);

/** Each user once (a member of several organizations is listed once). */
function distinct(users: User[]): User[] {
  return [...new Map(users.map((u) => [u.id, u])).values()];
}

async function organizationsAndUsers(
  api: Pick<OrganizationInvitationsApi, "baseUrl" | "getOrganization" | "listOrganizationUsers">,
  token: string,
  signal: AbortSignal,
  scope: LookupScope,
  options: { signal: AbortSignal; timeoutMs: number },
): Promise<{ organizations: Organization[]; users: User[] }> {
  if (scope.kind === "organization") {
    const [found, members] = await Promise.all([
      Promise.all(scope.organizationIds.map((id) => api.getOrganization(id, options))),
      Promise.all(scope.organizationIds.map((id) => api.listOrganizationUsers(id, options))),
    ]);
    return { organizations: found.map((o) => ({ id: o.id, name: o.name || o.id })), users: distinct(members.flat().map(userOf)) };
  }
  const [all, tenantUsers] = await Promise.all([getList(api.baseUrl, token, "organizations", signal), getList(api.baseUrl, token, "users", signal)]);
  return {
    organizations: all.flatMap((o) => {
      const id = text(o, "id");
      return id === null ? [] : [{ id, name: text(o, "name") ?? id }];
    }),
    users: tenantUsers.flatMap((u) => {
      const id = text(u, "id");
      return id === null ? [] : [userOf({ id, name: text(u, "name"), username: text(u, "username"), primaryEmail: text(u, "primaryEmail") })];
    }),
  };
}

/** Loads the roles, organizations and users for this scope (all at once; the first failure rejects). */
export async function loadLookups(
  api: Pick<OrganizationInvitationsApi, "baseUrl" | "listOrganizationRoles" | "getOrganization" | "listOrganizationUsers">,
  token: string,
  signal: AbortSignal,
  scope: LookupScope,
  timeoutMs: number,
): Promise<Lookups> {
  const options = { signal, timeoutMs };
  const [foundRoles, { organizations, users }] = await Promise.all([api.listOrganizationRoles(options), organizationsAndUsers(api, token, signal, scope, options)]);
  const roles = foundRoles.map((r) => ({ id: r.id, name: r.name || r.id }));
  return { organizations: organizations.sort(byName), roles: roles.sort(byName), users: users.sort(byLabel) };
}
