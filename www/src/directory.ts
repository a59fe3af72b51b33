// The organizations, organization roles and users the page knows (for the dropdowns and for
// names instead of IDs): the last lookups loaded, the request in flight, and who to tell when
// they change.
import type { OrganizationInvitationsApi } from "logto-invitations";
import { REQUEST_TIMEOUT_MS } from "./forms";
import { loadLookups, type LookupScope, type Lookups, type User } from "./lookups";

const EMPTY: Readonly<Lookups> = { organizations: [], roles: [], users: [] };

export class Directory {
  private lookups: Lookups = { ...EMPTY };
  private request: AbortController | null = null;
  private readonly listeners: (() => void)[] = [];
  private scope: LookupScope = { kind: "tenant" };

  get organizations(): Lookups["organizations"] {
    return this.lookups.organizations;
  }

  get roles(): Lookups["roles"] {
    return this.lookups.roles;
  }

  get users(): User[] {
    return this.lookups.users;
  }

  /**
   * Whose lookups: the tenant's (every organization, `GET /api/users`: the operator) or the
   * scope's organizations and their members (an organization's admin: the scoped proxy refuses
   * the tenant-wide user search).
   */
  setScope(scope: LookupScope): void {
    this.scope = scope;
  }

  /** Calls `listener` whenever the lookups change (loaded or cleared). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  organizationName(id: string): string {
    return this.lookups.organizations.find((o) => o.id === id)?.name ?? id;
  }

  userLabel(id: string): string {
    return this.lookups.users.find((u) => u.id === id)?.label ?? id;
  }

  /** Forgets everything (another connection): the request in flight no longer counts. */
  clear(): void {
    this.request?.abort();
    this.request = null;
    this.lookups = { ...EMPTY };
    this.changed();
  }

  /** Reloads organizations, roles and users; resolves with the error, if any (not shown yet). */
  async refresh(api: OrganizationInvitationsApi | null, token: string): Promise<unknown> {
    if (api === null) return null;
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    try {
      const loaded = await loadLookups(api, token, request.signal, this.scope, REQUEST_TIMEOUT_MS);
      if (this.request !== request) return null;
      this.lookups = loaded;
    } catch (error) {
      return this.request === request ? error : null;
    }
    this.changed();
    return null;
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
