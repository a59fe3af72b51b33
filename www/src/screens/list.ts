// The invitations list: Logto's filters and the page's status filter and sort (the view, kept in
// the address), the rows with the actions each status allows, and the row actions that need no
// form (resend, revoke, delete). Owns the view, the invitations Logto returned, the request in
// flight, the rows that are busy and the row menu.
import type { OrganizationInvitation, OrganizationInvitationsApi, OrganizationInvitationStatus, SendMessagePayload } from "logto-invitations";
import { actionsFor, type ActionSpec, type RowAction } from "../actions";
import type { Dialogs } from "../dialogs";
import { focusByKey, focusKey } from "../dialogs";
import type { Directory } from "../directory";
import { byId, el, setOptions } from "../dom";
import { isAbort } from "../errors";
import { pageInvitationLink, REQUEST_TIMEOUT_MS, userOptions } from "../forms";
import { absoluteTime, expiryText, relativeTime } from "../format";
import { RowMenu } from "../menu";
import type { Messages } from "../messages";
import { applyView, EMPTY_VIEW, isFiltered, listQuery, readView, sameQuery, SORTS, sortedColumn, writeView, type SortKey, type View } from "../view";

const LOAD_FAILED = "Could not load the invitations";

export type ListState = "loading" | "ready" | "failed";

/** What the list needs from the rest of the page. */
export interface ListContext {
  api: () => OrganizationInvitationsApi | null;
  directory: Directory;
  messages: Messages;
  dialogs: Dialogs;
  /** The row actions that open a form of their own. */
  openAccept: (invitation: OrganizationInvitation) => void;
  openRenew: (invitation: OrganizationInvitation) => void;
}

function statusBadge(status: OrganizationInvitationStatus): HTMLElement {
  return el("span", { class: `badge badge-${status.toLowerCase()}` }, status);
}

function domId(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_-]/gu, "_")}`;
}

function placeholderRow(content: Node | string): HTMLTableRowElement {
  return el("tr", { role: "row", class: "placeholder" }, el("td", { role: "cell", colspan: "6" }, content));
}

/** Puts `value` in `select`, adding an option for an ID the lookups do not know (a shared link). */
function selectValue(select: HTMLSelectElement, value: string, unknownLabel: (value: string) => string): void {
  if (value !== "" && ![...select.options].some((o) => o.value === value)) {
    select.append(el("option", { value }, unknownLabel(value)));
  }
  select.value = value;
}

export class ListScreen {
  private invitations: OrganizationInvitation[] = [];
  private listState: ListState = "loading";
  private listRequest: AbortController | null = null;
  private highlightId: string | null = null;
  private viewNow: View = { ...EMPTY_VIEW };
  private readonly busyRows = new Set<string>();

  private readonly filters = byId("filters", HTMLFormElement);
  private readonly filterOrganizationField = byId("filter-organization-field", HTMLDivElement);
  private readonly filterOrganization = byId("filter-organization", HTMLSelectElement);
  private readonly filterInviter = byId("filter-inviter", HTMLSelectElement);
  private readonly filterInvitee = byId("filter-invitee", HTMLInputElement);
  private readonly filterStatus = byId("filter-status", HTMLSelectElement);
  private readonly filterSort = byId("filter-sort", HTMLSelectElement);
  private readonly title = byId("list-title", HTMLHeadingElement);
  private readonly summary = byId("summary", HTMLParagraphElement);
  private readonly table = byId("table", HTMLTableElement);
  private readonly thInvitee = byId("th-invitee", HTMLTableCellElement);
  private readonly thExpiry = byId("th-expiry", HTMLTableCellElement);
  private readonly rows = byId("rows", HTMLTableSectionElement);
  private readonly rowMenu = new RowMenu("row-menu", byId("main", HTMLElement));

  constructor(private readonly context: ListContext) {
    setOptions(
      this.filterSort,
      Object.entries(SORTS).map(([value, label]) => ({ value, label })),
    );
    this.filters.addEventListener("submit", (event) => {
      event.preventDefault();
      this.setView(this.viewFromControls());
    });
    for (const control of [this.filterOrganization, this.filterInviter, this.filterStatus, this.filterSort]) {
      control.addEventListener("change", () => this.setView(this.viewFromControls()));
    }
    // Logto matches the invitee exactly (ignoring case): filter on Enter or when leaving the field.
    this.filterInvitee.addEventListener("change", () => this.setView(this.viewFromControls()));
    byId("clear-filters", HTMLButtonElement).addEventListener("click", () => this.setView({ ...EMPTY_VIEW }));
    window.addEventListener("popstate", () => {
      const next = readView(location.search);
      const reload = !sameQuery(this.viewNow, next);
      this.viewNow = next;
      this.syncControls();
      if (reload) void this.load();
      else this.render();
    });
    this.rows.addEventListener("click", (event) => this.onRowClick(event));
    // Relative times stay current.
    window.setInterval(() => {
      if (this.listState === "ready" && !this.rowMenu.isOpen) this.render();
    }, 30_000);
  }

  /** The view shown now (the invite forms preselect its organization). */
  get view(): Readonly<View> {
    return this.viewNow;
  }

  get state(): ListState {
    return this.listState;
  }

  /** Where focus goes when nothing else is left to focus. */
  get home(): HTMLElement {
    return this.title;
  }

  /** Takes the view from the address (at start). */
  readAddress(): void {
    this.viewNow = readView(location.search);
    this.syncControls();
  }

  /** Another connection: nothing of the previous one is shown. */
  reset(): void {
    this.invitations = [];
  }

  /** The list could not be loaded at all (no connection). */
  fail(): void {
    this.listState = "failed";
    this.render();
  }

  /** Marks a row as the one just created or changed. */
  highlight(id: string): void {
    this.highlightId = id;
  }

  /** The lookups changed: the filters' options and the names in the rows. */
  showLookups(): void {
    const { directory } = this.context;
    const organizations = directory.organizations.map((o) => ({ value: o.id, label: o.name }));
    setOptions(this.filterOrganization, [{ value: "", label: "All organizations" }, ...organizations]);
    setOptions(this.filterInviter, [{ value: "", label: "Any inviter" }, ...userOptions(directory)]);
    this.syncControls();
  }

  async load(): Promise<void> {
    const api = this.context.api();
    if (api === null) return;
    this.listRequest?.abort();
    const request = new AbortController();
    this.listRequest = request;
    this.listState = "loading";
    this.render();
    try {
      const list = await api.listOrganizationInvitations(listQuery(this.viewNow), { signal: request.signal, timeoutMs: REQUEST_TIMEOUT_MS });
      if (this.listRequest !== request) return;
      this.invitations = list;
      this.listState = "ready";
      this.context.messages.dismiss(LOAD_FAILED);
    } catch (error) {
      if (this.listRequest !== request || isAbort(error)) return;
      this.invitations = [];
      this.listState = "failed";
      this.context.messages.showError(LOAD_FAILED, error);
    }
    this.render();
  }

  /** Reloads the list so that `invitation` is in it, leaving the filters only if they hide it. */
  async showInList(invitation: OrganizationInvitation): Promise<void> {
    const view = this.viewNow;
    const q = listQuery(view);
    const matches =
      (q.organizationId == null || q.organizationId === invitation.organizationId) &&
      (q.inviterId == null || q.inviterId === invitation.inviterId) &&
      (q.invitee == null || q.invitee.toLowerCase() === invitation.invitee.toLowerCase()) &&
      (view.status === "" || view.status === invitation.status);
    if (matches) await this.load();
    else this.setView({ ...EMPTY_VIEW, sort: view.sort });
  }

  render(): void {
    const now = Date.now();
    const { invitations, viewNow: view, listState } = this;
    const shown = applyView(invitations, view);

    // Status counts of what Logto returned, in the status filter's options.
    for (const option of this.filterStatus.options) {
      const count = option.value === "" ? invitations.length : invitations.filter((i) => i.status === option.value).length;
      option.textContent = `${option.value === "" ? "Any status" : option.value} (${count})`;
    }
    const sorted = sortedColumn(view.sort);
    for (const [th, column] of [
      [this.thInvitee, "invitee"],
      [this.thExpiry, "expiry"],
    ] as const) {
      if (sorted.column === column) th.setAttribute("aria-sort", sorted.direction);
      else th.removeAttribute("aria-sort");
    }

    this.table.setAttribute("aria-busy", listState === "loading" ? "true" : "false");
    if (listState === "loading" && invitations.length === 0) {
      this.summary.textContent = "Loading…";
      this.replaceRows([placeholderRow("Loading invitations…")]);
      return;
    }
    if (listState === "failed") {
      this.summary.textContent = LOAD_FAILED;
      this.replaceRows([placeholderRow("The invitations could not be loaded: see the error above.")]);
      return;
    }

    const pending = invitations.filter((i) => i.status === "Pending").length;
    const order = view.sort === "created-desc" ? "" : ` · ${SORTS[view.sort].toLowerCase()}`;
    this.summary.textContent =
      shown.length === invitations.length
        ? `${invitations.length} ${invitations.length === 1 ? "invitation" : "invitations"} · ${pending} pending${order}`
        : `${shown.length} of ${invitations.length} shown · ${pending} pending${order}`;

    if (shown.length === 0) {
      const clear = el("button", { type: "button", class: "btn btn-link", "data-focus-key": "clear-empty" }, "Clear filters");
      clear.addEventListener("click", () => this.setView({ ...EMPTY_VIEW, sort: view.sort }));
      const filtered = isFiltered(view);
      this.replaceRows([
        placeholderRow(
          el(
            "div",
            { class: "empty" },
            filtered ? "No invitations match these filters. " : "No invitations yet. Invite someone to get started.",
            filtered ? clear : null,
          ),
        ),
      ]);
      return;
    }
    this.replaceRows(shown.map((i) => this.invitationRow(i, now)));
  }

  // ----- the view ---------------------------------------------------------------------------

  /** The view the filter controls show now. */
  private viewFromControls(): View {
    return {
      organizationId: this.filterOrganization.value,
      inviterId: this.filterInviter.value,
      invitee: this.filterInvitee.value.trim(),
      status: readView(`status=${encodeURIComponent(this.filterStatus.value)}`).status,
      sort: this.filterSort.value in SORTS ? (this.filterSort.value as SortKey) : this.viewNow.sort,
    };
  }

  /**
   * Shows another view: asks Logto again when its filters changed (the status filter and the sort
   * are applied in the page), and records it in the address (a new history entry).
   */
  private setView(next: View): void {
    const reload = !sameQuery(this.viewNow, next) || this.listState === "failed";
    this.viewNow = next;
    this.syncControls();
    const search = writeView(next, location.search);
    if (search !== location.search) history.pushState(null, "", `${location.pathname}${search}${location.hash}`);
    if (reload) void this.load();
    else this.render();
  }

  /** The filter controls show the view. */
  private syncControls(): void {
    const view = this.viewNow;
    selectValue(this.filterOrganization, view.organizationId, (id) => `Unknown organization (${id})`);
    // One organization (an admin's scope): nothing to filter by, unless the address names another.
    const [only, ...others] = this.context.directory.organizations;
    this.filterOrganizationField.hidden = only !== undefined && others.length === 0 && (view.organizationId === "" || view.organizationId === only.id);
    selectValue(this.filterInviter, view.inviterId, (id) => `Unknown user (${id})`);
    this.filterInvitee.value = view.invitee;
    this.filterStatus.value = view.status;
    this.filterSort.value = view.sort;
  }

  // ----- rows -------------------------------------------------------------------------------

  private actionButton(spec: ActionSpec, invitation: OrganizationInvitation): HTMLElement {
    const name = `${spec.label.replace("…", "")} the invitation to ${invitation.invitee}`;
    const button = el(
      "button",
      {
        type: "button",
        class: `btn btn-small${spec.danger === true ? " btn-danger-text" : ""}${spec.available ? "" : " btn-unavailable"}`,
        "data-action": spec.action,
        "data-id": invitation.id,
        "data-focus-key": `${spec.action}:${invitation.id}`,
        "aria-label": name,
        "aria-haspopup": spec.available && spec.opensDialog === true ? "dialog" : undefined,
      },
      spec.label,
    );
    if (!spec.available) {
      // Focusable (so a screen reader reaches it) but inert; its description says why.
      const why = el("span", { id: domId("why", invitation.id), class: "visually-hidden" }, spec.reason ?? "Not available.");
      button.setAttribute("aria-disabled", "true");
      button.setAttribute("aria-describedby", why.id);
      button.title = spec.reason ?? "Not available.";
      return el("span", { class: "unavailable" }, button, why);
    }
    if (this.busyRows.has(invitation.id)) button.setAttribute("aria-disabled", "true");
    return button;
  }

  private moreButton(invitation: OrganizationInvitation, specs: ActionSpec[]): HTMLButtonElement {
    const id = domId("more", invitation.id);
    const button = el(
      "button",
      {
        type: "button",
        id,
        class: "btn btn-small btn-more",
        "data-focus-key": `more:${invitation.id}`,
        "aria-label": `More actions for the invitation to ${invitation.invitee}`,
      },
      el("span", { "aria-hidden": "true" }, "⋯"),
    );
    if (this.busyRows.has(invitation.id)) button.setAttribute("aria-disabled", "true");
    this.rowMenu.attach(button, id, () =>
      specs.map((spec) => ({
        label: spec.label,
        run: () => void this.onRowAction(spec.action, invitation),
      })),
    );
    return button;
  }

  private invitationRow(invitation: OrganizationInvitation, now: number): HTMLTableRowElement {
    const { directory } = this.context;
    const expiry = expiryText(invitation, now);
    const inviter = invitation.inviterId === null ? "no inviter" : `by ${directory.userLabel(invitation.inviterId)}`;
    const roles =
      invitation.organizationRoles.length === 0
        ? el("span", { class: "muted" }, "no roles")
        : el("ul", { class: "chips", "aria-label": "Roles" }, ...invitation.organizationRoles.map((r) => el("li", { class: "chip" }, r.name)));
    const accepted =
      invitation.acceptedUserId === null ? null : el("div", { class: "sub" }, `by ${directory.userLabel(invitation.acceptedUserId)}`);
    const specs = actionsFor(invitation.status);
    const inMenu = specs.filter((s) => s.inMenu === true);
    return el(
      "tr",
      {
        role: "row",
        "data-id": invitation.id,
        "data-status": invitation.status,
        class: invitation.id === this.highlightId ? "highlight" : undefined,
        "aria-busy": this.busyRows.has(invitation.id) ? "true" : undefined,
      },
      el(
        "td",
        { role: "cell", "data-label": "Invitee", class: "cell-invitee" },
        el("div", { class: "invitee" }, invitation.invitee),
        el("div", { class: "sub", title: `Created ${absoluteTime(invitation.createdAt)}` }, `${inviter} · ${relativeTime(invitation.createdAt, now)}`),
      ),
      el("td", { role: "cell", "data-label": "Organization", class: "cell-nowrap" }, directory.organizationName(invitation.organizationId)),
      el("td", { role: "cell", "data-label": "Roles", class: "cell-roles" }, roles),
      el("td", { role: "cell", "data-label": "Status", class: "cell-nowrap" }, statusBadge(invitation.status), accepted),
      el("td", { role: "cell", "data-label": "Expiry", class: `expiry expiry-${expiry.tone}`, title: expiry.title }, expiry.text),
      el(
        "td",
        { role: "cell", class: "cell-actions" },
        el(
          "div",
          { class: "actions" },
          ...specs.filter((s) => s.inMenu !== true).map((spec) => this.actionButton(spec, invitation)),
          inMenu.length > 0 ? this.moreButton(invitation, inMenu) : null,
        ),
      ),
    );
  }

  /** Replaces the rows, keeping keyboard focus on the same control (or the nearest row). */
  private replaceRows(rows: HTMLTableRowElement[]): void {
    const active = document.activeElement;
    const inRows = active instanceof HTMLElement && this.rows.contains(active);
    const key = inRows ? focusKey(active) : null;
    const oldRow = inRows ? active.closest("tr") : null;
    const rowIndex = oldRow === null ? -1 : [...this.rows.children].indexOf(oldRow);
    this.rows.replaceChildren(...rows);
    this.rowMenu.rebind((old) => {
      const again = old.dataset.focusKey === undefined ? null : this.rows.querySelector(`[data-focus-key="${CSS.escape(old.dataset.focusKey)}"]`);
      return again instanceof HTMLButtonElement ? again : null;
    });
    if (!inRows || focusByKey(key)) return;
    // The control is gone (its row was deleted or filtered out): the row now in its place.
    const near = this.rows.children[Math.min(rowIndex, this.rows.children.length - 1)];
    const first = near?.querySelector("button");
    if (first instanceof HTMLButtonElement) first.focus();
    else this.title.focus();
  }

  // ----- row actions ------------------------------------------------------------------------

  private onRowClick(event: MouseEvent): void {
    if (!(event.target instanceof Element)) return;
    const button = event.target.closest("button[data-action]");
    if (!(button instanceof HTMLButtonElement)) return;
    const invitation = this.invitations.find((i) => i.id === button.dataset.id);
    const action = button.dataset.action as RowAction | undefined;
    if (invitation === undefined || action === undefined) return;
    if (button.classList.contains("btn-unavailable")) {
      const spec = actionsFor(invitation.status).find((s) => s.action === action);
      this.context.messages.notify(`${spec?.label ?? "This action"} is not available for the invitation to ${invitation.invitee}. ${spec?.reason ?? ""}`.trim());
      return;
    }
    if (button.getAttribute("aria-disabled") === "true") return;
    void this.onRowAction(action, invitation);
  }

  /** Runs a call for one row with its buttons unavailable; reports success or the package's error. */
  private async rowAction(invitation: OrganizationInvitation, failure: string, call: (api: OrganizationInvitationsApi) => Promise<string>): Promise<boolean> {
    const api = this.context.api();
    if (api === null) return false;
    this.busyRows.add(invitation.id);
    this.render();
    try {
      const message = await call(api);
      this.context.messages.notify(message);
      return true;
    } catch (error) {
      this.context.messages.showError(`${failure} ${invitation.invitee}`, error);
      return false;
    } finally {
      this.busyRows.delete(invitation.id);
      this.render();
    }
  }

  private async onRowAction(action: RowAction, invitation: OrganizationInvitation): Promise<void> {
    if (this.busyRows.has(invitation.id)) return;
    const { dialogs, directory } = this.context;
    switch (action) {
      case "resend":
        await this.rowAction(invitation, "Could not resend the invitation email to", async (client) => {
          const payload: SendMessagePayload = { link: pageInvitationLink(invitation.id) };
          await client.createOrganizationInvitationMessage(invitation.id, payload, { timeoutMs: REQUEST_TIMEOUT_MS });
          return `Invitation email sent again to ${invitation.invitee}.`;
        });
        return;
      case "accept":
        this.context.openAccept(invitation);
        return;
      case "renew":
        this.context.openRenew(invitation);
        return;
      case "revoke":
        if (
          !(await dialogs.confirm(
            "Revoke this invitation?",
            `${invitation.invitee} will no longer be able to join ${directory.organizationName(invitation.organizationId)} with it. Logto cannot restore a revoked invitation; you can renew it later (a new invitation).`,
            "Revoke invitation",
          ))
        )
          return;
        if (
          await this.rowAction(invitation, "Could not revoke the invitation to", async (client) => {
            const updated = await client.replaceOrganizationInvitationStatus(invitation.id, { status: "Revoked" }, { timeoutMs: REQUEST_TIMEOUT_MS });
            return `Invitation to ${updated.invitee} revoked.`;
          })
        ) {
          await this.load();
        }
        return;
      case "delete":
        if (!(await dialogs.confirm("Delete this invitation?", `The invitation to ${invitation.invitee} will be removed from Logto for good.`, "Delete invitation"))) return;
        if (
          await this.rowAction(invitation, "Could not delete the invitation to", async (client) => {
            await client.deleteOrganizationInvitation(invitation.id, { timeoutMs: REQUEST_TIMEOUT_MS });
            return `Invitation to ${invitation.invitee} deleted.`;
          })
        ) {
          await this.load();
        }
        return;
    }
  }
}
