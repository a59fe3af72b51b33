// The list's view, kept in the address so a filtered view can be reloaded and shared:
// `?organizationId=&inviterId=&invitee=` are Logto's own list filters (sent to Logto);
// `status=` and `sort=` are applied in the page to what Logto returned, since Logto's list has
// neither (it ignores `status` and always answers newest first).
import type { ListOrganizationInvitationsQuery, OrganizationInvitation, OrganizationInvitationStatus } from "logto-invitations";

export const SORTS = {
  "created-desc": "Newest first",
  "created-asc": "Oldest first",
  "expiry-asc": "Expiry, soonest first",
  "expiry-desc": "Expiry, latest first",
  "invitee-asc": "Invitee, A to Z",
  "invitee-desc": "Invitee, Z to A",
} as const;

export type SortKey = keyof typeof SORTS;

/** Logto's order: what the list is in before any sorting here. */
export const DEFAULT_SORT: SortKey = "created-desc";

const STATUSES: readonly OrganizationInvitationStatus[] = ["Pending", "Accepted", "Expired", "Revoked"];

export interface View {
  organizationId: string;
  inviterId: string;
  invitee: string;
  /** "" for any status. */
  status: OrganizationInvitationStatus | "";
  sort: SortKey;
}

export const EMPTY_VIEW: Readonly<View> = { organizationId: "", inviterId: "", invitee: "", status: "", sort: DEFAULT_SORT };

const KEYS = ["organizationId", "inviterId", "invitee", "status", "sort"] as const;

function isSort(value: string): value is SortKey {
  return Object.hasOwn(SORTS, value);
}

function isStatus(value: string): value is OrganizationInvitationStatus {
  return (STATUSES as readonly string[]).includes(value);
}

/** The view in a query string; unknown statuses and sorts read as the defaults. */
export function readView(search: string): View {
  const params = new URLSearchParams(search);
  const status = params.get("status") ?? "";
  const sort = params.get("sort") ?? "";
  return {
    organizationId: params.get("organizationId")?.trim() ?? "",
    inviterId: params.get("inviterId")?.trim() ?? "",
    invitee: params.get("invitee")?.trim() ?? "",
    status: isStatus(status) ? status : "",
    sort: isSort(sort) ? sort : DEFAULT_SORT,
  };
}

/**
 * `search` with the view's parameters set (defaults left out), other parameters kept. Returns
 * the query string with its "?" ("" when empty).
 */
export function writeView(view: View, search: string): string {
  const params = new URLSearchParams(search);
  for (const key of KEYS) params.delete(key);
  if (view.organizationId !== "") params.set("organizationId", view.organizationId);
  if (view.inviterId !== "") params.set("inviterId", view.inviterId);
  if (view.invitee !== "") params.set("invitee", view.invitee);
  if (view.status !== "") params.set("status", view.status);
  if (view.sort !== DEFAULT_SORT) params.set("sort", view.sort);
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

/** Logto's list query for the view (its three filters). */
export function listQuery(view: View): ListOrganizationInvitationsQuery {
  return {
    organizationId: view.organizationId || null,
    inviterId: view.inviterId || null,
    invitee: view.invitee || null,
  };
}

/** Whether two views ask Logto for the same list. */
export function sameQuery(a: View, b: View): boolean {
  return a.organizationId === b.organizationId && a.inviterId === b.inviterId && a.invitee === b.invitee;
}

export function isFiltered(view: View): boolean {
  return view.organizationId !== "" || view.inviterId !== "" || view.invitee !== "" || view.status !== "";
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/** The invitations the view shows: the status filter and the sort, applied in the page. */
export function applyView(invitations: readonly OrganizationInvitation[], view: View): OrganizationInvitation[] {
  const shown = view.status === "" ? [...invitations] : invitations.filter((i) => i.status === view.status);
  const newestFirst = (a: OrganizationInvitation, b: OrganizationInvitation): number => b.createdAt - a.createdAt;
  const compare: Record<SortKey, (a: OrganizationInvitation, b: OrganizationInvitation) => number> = {
    "created-desc": newestFirst,
    "created-asc": (a, b) => a.createdAt - b.createdAt,
    "expiry-asc": (a, b) => a.expiresAt - b.expiresAt || newestFirst(a, b),
    "expiry-desc": (a, b) => b.expiresAt - a.expiresAt || newestFirst(a, b),
    "invitee-asc": (a, b) => collator.compare(a.invitee, b.invitee) || newestFirst(a, b),
    "invitee-desc": (a, b) => collator.compare(b.invitee, a.invitee) || newestFirst(a, b),
  };
  // Array.prototype.sort is stable: equal keys keep Logto's order.
  return shown.sort(compare[view.sort]);
}

/** The column a sort orders by, for `aria-sort` on its header. */
export function sortedColumn(sort: SortKey): { column: "invitee" | "expiry" | "created"; direction: "ascending" | "descending" } {
  const [column, direction] = sort.split("-") as ["invitee" | "expiry" | "created", "asc" | "desc"];
  return { column, direction: direction === "asc" ? "ascending" : "descending" };
}
