// The organization-invitations dashboard: lists, filters and sorts (the view lives in the
// address), invites one or many, resends, marks accepted, revokes, renews and deletes through the
// `logto-invitations` package, offering per row only what the invitation's status allows, and
// shows every error as the package reports it (Logto's own answer when there was one).
import init, {
  OrganizationInvitationsApi,
  type OrganizationInvitation,
  type OrganizationInvitationStatus,
  type SendMessagePayload,
} from "logto-invitations";
import packageInfo from "logto-invitations/package.json";
import { actionsFor, type ActionSpec, type RowAction } from "./actions";
import { classifyCreateFailure, fieldsAtFault } from "./answers";
import { bulkInvite, OUTCOME_LABELS, parseAddresses, tally, type BulkOutcome, type BulkResult } from "./bulk";
import { all, byId, el, setOptions } from "./dom";
import { errorPanel, isAbort } from "./errors";
import { absoluteTime, expiryText, relativeTime } from "./format";
import { loadLookups, LookupError, type Lookups, type User } from "./lookups";
import { RowMenu } from "./menu";
import { renewInvitation, type PreviousInvitation, type RenewResult } from "./renew";
import { loadSession, NO_SESSION, type Session } from "./session";
import { SessionScreen } from "./signin";
import { DEFAULT_SETTINGS, describeConnection, loadSettings, saveSettings, type Settings } from "./settings";
import { applyView, EMPTY_VIEW, isFiltered, listQuery, readView, sameQuery, SORTS, sortedColumn, writeView, type SortKey, type View } from "./view";
import "./style.css";

const REQUEST_TIMEOUT_MS = 20_000;
/** Creates in flight at most, in a bulk invite. */
const BULK_CONCURRENCY = 4;

// ----- elements -------------------------------------------------------------------------------

const ui = {
  filters: byId("filters", HTMLFormElement),
  filterOrganizationField: byId("filter-organization-field", HTMLDivElement),
  filterOrganization: byId("filter-organization", HTMLSelectElement),
  filterInviter: byId("filter-inviter", HTMLSelectElement),
  filterInvitee: byId("filter-invitee", HTMLInputElement),
  filterStatus: byId("filter-status", HTMLSelectElement),
  filterSort: byId("filter-sort", HTMLSelectElement),
  clearFilters: byId("clear-filters", HTMLButtonElement),
  refresh: byId("refresh", HTMLButtonElement),
  errors: byId("errors", HTMLDivElement),
  notice: byId("notice", HTMLDivElement),
  listTitle: byId("list-title", HTMLHeadingElement),
  summary: byId("summary", HTMLParagraphElement),
  table: byId("table", HTMLTableElement),
  thInvitee: byId("th-invitee", HTMLTableCellElement),
  thExpiry: byId("th-expiry", HTMLTableCellElement),
  rows: byId("rows", HTMLTableSectionElement),
  footer: byId("footer-line", HTMLParagraphElement),

  openInvite: byId("open-invite", HTMLButtonElement),
  inviteDialog: byId("invite-dialog", HTMLDialogElement),
  inviteForm: byId("invite-form", HTMLFormElement),
  inviteEmail: byId("invite-email", HTMLInputElement),
  inviteEmailError: byId("invite-email-error", HTMLParagraphElement),
  inviteOrganization: byId("invite-organization", HTMLSelectElement),
  inviteRoles: byId("invite-roles", HTMLDivElement),
  inviteInviter: byId("invite-inviter", HTMLSelectElement),
  inviteExpiry: byId("invite-expiry", HTMLSelectElement),
  inviteExpiryError: byId("invite-expiry-error", HTMLParagraphElement),
  inviteExpiryDateField: byId("invite-expiry-date-field", HTMLDivElement),
  inviteExpiryDate: byId("invite-expiry-date", HTMLInputElement),
  inviteSendEmail: byId("invite-send-email", HTMLInputElement),

  openBulk: byId("open-bulk", HTMLButtonElement),
  bulkDialog: byId("bulk-dialog", HTMLDialogElement),
  bulkForm: byId("bulk-form", HTMLFormElement),
  bulkAddresses: byId("bulk-addresses", HTMLTextAreaElement),
  bulkParsed: byId("bulk-parsed", HTMLParagraphElement),
  bulkOrganization: byId("bulk-organization", HTMLSelectElement),
  bulkInviter: byId("bulk-inviter", HTMLSelectElement),
  bulkRoles: byId("bulk-roles", HTMLDivElement),
  bulkExpiry: byId("bulk-expiry", HTMLSelectElement),
  bulkSendEmail: byId("bulk-send-email", HTMLInputElement),
  bulkFields: byId("bulk-fields", HTMLDivElement),
  bulkSetup: byId("bulk-setup", HTMLParagraphElement),
  bulkRun: byId("bulk-run", HTMLElement),
  bulkProgress: byId("bulk-progress", HTMLProgressElement),
  bulkCount: byId("bulk-count", HTMLSpanElement),
  bulkSummary: byId("bulk-summary", HTMLParagraphElement),
  bulkResults: byId("bulk-results", HTMLTableSectionElement),
  bulkClose: byId("bulk-close", HTMLButtonElement),
  bulkCancel: byId("bulk-cancel", HTMLButtonElement),
  bulkAgain: byId("bulk-again", HTMLButtonElement),
  bulkStart: byId("bulk-start", HTMLButtonElement),

  acceptDialog: byId("accept-dialog", HTMLDialogElement),
  acceptForm: byId("accept-form", HTMLFormElement),
  acceptText: byId("accept-text", HTMLParagraphElement),
  acceptUser: byId("accept-user", HTMLSelectElement),

  renewDialog: byId("renew-dialog", HTMLDialogElement),
  renewForm: byId("renew-form", HTMLFormElement),
  renewText: byId("renew-text", HTMLParagraphElement),
  renewSummary: byId("renew-summary", HTMLDListElement),
  renewExpiry: byId("renew-expiry", HTMLSelectElement),
  renewSendEmail: byId("renew-send-email", HTMLInputElement),

  confirmDialog: byId("confirm-dialog", HTMLDialogElement),
  confirmForm: byId("confirm-form", HTMLFormElement),
  confirmTitle: byId("confirm-title", HTMLHeadingElement),
  confirmText: byId("confirm-text", HTMLParagraphElement),
  confirmButton: byId("confirm-button", HTMLButtonElement),

  openSettings: byId("open-settings", HTMLButtonElement),
  settingsDialog: byId("settings-dialog", HTMLDialogElement),
  settingsForm: byId("settings-form", HTMLFormElement),
  settingsBaseUrl: byId("settings-base-url", HTMLInputElement),
  settingsToken: byId("settings-token", HTMLInputElement),
  settingsDefaults: byId("settings-defaults", HTMLButtonElement),

  main: byId("main", HTMLElement),
  signin: byId("signin", HTMLElement),
  sessionBar: byId("session-bar", HTMLDivElement),
  topbarActions: byId("topbar-actions", HTMLDivElement),
};

const rowMenu = new RowMenu("row-menu", byId("main", HTMLElement));

// ----- state ----------------------------------------------------------------------------------

let settings: Settings = { ...DEFAULT_SETTINGS };
/** Who the page acts for (the demo server's answer); the proxy enforces it, the page adapts. */
let session: Session = { ...NO_SESSION };
// After a sign-in or a sign-out the page starts again, with no view of the previous user's.
const sessionScreen = new SessionScreen(ui.signin, ui.sessionBar, () => location.assign(location.pathname));
let api: OrganizationInvitationsApi | null = null;
let lookups: Lookups = { organizations: [], roles: [], users: [] };
let invitations: OrganizationInvitation[] = [];
let listState: "loading" | "ready" | "failed" = "loading";
let listRequest: AbortController | null = null;
let highlightId: string | null = null;
let view: View = { ...EMPTY_VIEW };
const busyRows = new Set<string>();

function organizationName(id: string): string {
  return lookups.organizations.find((o) => o.id === id)?.name ?? id;
}

function userLabel(id: string): string {
  return lookups.users.find((u) => u.id === id)?.label ?? id;
}

// ----- messages -------------------------------------------------------------------------------

let panelCount = 0;
function showError(title: string, error: unknown, container: HTMLElement = ui.errors): HTMLElement | null {
  if (isAbort(error)) return null;
  // One panel per title: a repeated failure replaces the previous one instead of piling up.
  for (const existing of all(container, ".error", HTMLElement)) {
    if (existing.dataset.title === title) existing.remove();
  }
  const panel = errorPanel(title, error, () => {
    panel.remove();
    // Dismissing must not drop focus on the body: the dialog's first field, or the list.
    const field = container.closest("dialog")?.querySelector("input, select, textarea");
    if (field instanceof HTMLElement) field.focus();
    else ui.listTitle.focus();
  });
  panelCount += 1;
  panel.id = `error-${panelCount}`;
  panel.dataset.title = title;
  container.prepend(panel);
  while (container.children.length > 3) container.lastElementChild?.remove();
  return panel;
}

function clearErrors(container: HTMLElement = ui.errors): void {
  container.replaceChildren();
}

let noticeTimer: number | undefined;
function notify(message: string): void {
  window.clearTimeout(noticeTimer);
  ui.notice.textContent = message;
  ui.notice.classList.add("visible");
  noticeTimer = window.setTimeout(() => ui.notice.classList.remove("visible"), 8000);
}

// ----- focus ----------------------------------------------------------------------------------

/** A key that finds "the same" control again after the rows are re-rendered. */
function focusKey(element: Element | null): string | null {
  if (!(element instanceof HTMLElement)) return null;
  if (element.dataset.focusKey !== undefined) return `[data-focus-key="${CSS.escape(element.dataset.focusKey)}"]`;
  if (element.id !== "") return `#${CSS.escape(element.id)}`;
  return null;
}

function focusByKey(key: string | null): boolean {
  if (key === null) return false;
  const target = document.querySelector(key);
  if (!(target instanceof HTMLElement) || !target.isConnected) return false;
  target.focus();
  return document.activeElement === target;
}

// ----- dialogs --------------------------------------------------------------------------------

const returnFocus = new Map<HTMLDialogElement, string | null>();

/** Opens a modal dialog and remembers where focus was, to return it when the dialog closes. */
function openDialog(dialog: HTMLDialogElement, focus?: HTMLElement): void {
  returnFocus.set(dialog, focusKey(document.activeElement));
  dialog.returnValue = "";
  dialog.showModal();
  focus?.focus();
}

function dialogErrors(dialog: HTMLDialogElement): HTMLElement {
  const [container] = all(dialog, "[data-errors]", HTMLElement);
  if (container === undefined) throw new Error(`#${dialog.id} has no error area`);
  return container;
}

/** Disables a form's buttons while its request runs (aria-disabled keeps focus where it is). */
async function busy<T>(form: HTMLFormElement, work: () => Promise<T>): Promise<T> {
  const buttons = [...form.querySelectorAll("button")];
  for (const b of buttons) b.setAttribute("aria-disabled", "true");
  form.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    for (const b of buttons) b.removeAttribute("aria-disabled");
    form.removeAttribute("aria-busy");
  }
}

function isBusy(form: HTMLFormElement): boolean {
  return form.getAttribute("aria-busy") === "true";
}

function askConfirm(title: string, text: string, button: string): Promise<boolean> {
  ui.confirmTitle.textContent = title;
  ui.confirmText.textContent = text;
  ui.confirmButton.textContent = button;
  return new Promise((resolve) => {
    const onSubmit = (event: SubmitEvent): void => {
      event.preventDefault();
      ui.confirmDialog.close("confirm");
    };
    ui.confirmForm.addEventListener("submit", onSubmit);
    ui.confirmDialog.addEventListener(
      "close",
      () => {
        ui.confirmForm.removeEventListener("submit", onSubmit);
        resolve(ui.confirmDialog.returnValue === "confirm");
      },
      { once: true },
    );
    openDialog(ui.confirmDialog, ui.confirmButton);
  });
}

// ----- rendering ------------------------------------------------------------------------------

function statusBadge(status: OrganizationInvitationStatus): HTMLElement {
  return el("span", { class: `badge badge-${status.toLowerCase()}` }, status);
}

function domId(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_-]/gu, "_")}`;
}

function actionButton(spec: ActionSpec, invitation: OrganizationInvitation): HTMLElement {
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
  if (busyRows.has(invitation.id)) button.setAttribute("aria-disabled", "true");
  return button;
}

function moreButton(invitation: OrganizationInvitation, specs: ActionSpec[]): HTMLButtonElement {
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
  if (busyRows.has(invitation.id)) button.setAttribute("aria-disabled", "true");
  rowMenu.attach(button, id, () =>
    specs.map((spec) => ({
      label: spec.label,
      run: () => void onRowAction(spec.action, invitation),
    })),
  );
  return button;
}

function invitationRow(invitation: OrganizationInvitation, now: number): HTMLTableRowElement {
  const expiry = expiryText(invitation, now);
  const inviter = invitation.inviterId === null ? "no inviter" : `by ${userLabel(invitation.inviterId)}`;
  const roles =
    invitation.organizationRoles.length === 0
      ? el("span", { class: "muted" }, "no roles")
      : el("ul", { class: "chips", "aria-label": "Roles" }, ...invitation.organizationRoles.map((r) => el("li", { class: "chip" }, r.name)));
  const accepted =
    invitation.acceptedUserId === null ? null : el("div", { class: "sub" }, `by ${userLabel(invitation.acceptedUserId)}`);
  const specs = actionsFor(invitation.status);
  const inMenu = specs.filter((s) => s.inMenu === true);
  return el(
    "tr",
    {
      role: "row",
      "data-id": invitation.id,
      "data-status": invitation.status,
      class: invitation.id === highlightId ? "highlight" : undefined,
      "aria-busy": busyRows.has(invitation.id) ? "true" : undefined,
    },
    el(
      "td",
      { role: "cell", "data-label": "Invitee", class: "cell-invitee" },
      el("div", { class: "invitee" }, invitation.invitee),
      el("div", { class: "sub", title: `Created ${absoluteTime(invitation.createdAt)}` }, `${inviter} · ${relativeTime(invitation.createdAt, now)}`),
    ),
    el("td", { role: "cell", "data-label": "Organization", class: "cell-nowrap" }, organizationName(invitation.organizationId)),
    el("td", { role: "cell", "data-label": "Roles", class: "cell-roles" }, roles),
    el("td", { role: "cell", "data-label": "Status", class: "cell-nowrap" }, statusBadge(invitation.status), accepted),
    el("td", { role: "cell", "data-label": "Expiry", class: `expiry expiry-${expiry.tone}`, title: expiry.title }, expiry.text),
    el(
      "td",
      { role: "cell", class: "cell-actions" },
      el(
        "div",
        { class: "actions" },
        ...specs.filter((s) => s.inMenu !== true).map((spec) => actionButton(spec, invitation)),
        inMenu.length > 0 ? moreButton(invitation, inMenu) : null,
      ),
    ),
  );
}

function placeholderRow(content: Node | string): HTMLTableRowElement {
  return el("tr", { role: "row", class: "placeholder" }, el("td", { role: "cell", colspan: "6" }, content));
}

/** Replaces the rows, keeping keyboard focus on the same control (or the nearest row). */
function replaceRows(rows: HTMLTableRowElement[]): void {
  const active = document.activeElement;
  const inRows = active instanceof HTMLElement && ui.rows.contains(active);
  const key = inRows ? focusKey(active) : null;
  const oldRow = inRows ? active.closest("tr") : null;
  const rowIndex = oldRow === null ? -1 : [...ui.rows.children].indexOf(oldRow);
  ui.rows.replaceChildren(...rows);
  rowMenu.rebind((old) => {
    const again = old.dataset.focusKey === undefined ? null : ui.rows.querySelector(`[data-focus-key="${CSS.escape(old.dataset.focusKey)}"]`);
    return again instanceof HTMLButtonElement ? again : null;
  });
  if (!inRows || focusByKey(key)) return;
  // The control is gone (its row was deleted or filtered out): the row now in its place.
  const near = ui.rows.children[Math.min(rowIndex, ui.rows.children.length - 1)];
  const first = near?.querySelector("button");
  if (first instanceof HTMLButtonElement) first.focus();
  else ui.listTitle.focus();
}

function render(): void {
  const now = Date.now();
  const shown = applyView(invitations, view);

  // Status counts of what Logto returned, in the status filter's options.
  for (const option of ui.filterStatus.options) {
    const count = option.value === "" ? invitations.length : invitations.filter((i) => i.status === option.value).length;
    option.textContent = `${option.value === "" ? "Any status" : option.value} (${count})`;
  }
  const sorted = sortedColumn(view.sort);
  for (const [th, column] of [
    [ui.thInvitee, "invitee"],
    [ui.thExpiry, "expiry"],
  ] as const) {
    if (sorted.column === column) th.setAttribute("aria-sort", sorted.direction);
    else th.removeAttribute("aria-sort");
  }

  ui.table.setAttribute("aria-busy", listState === "loading" ? "true" : "false");
  if (listState === "loading" && invitations.length === 0) {
    ui.summary.textContent = "Loading…";
    replaceRows([placeholderRow("Loading invitations…")]);
    return;
  }
  if (listState === "failed") {
    ui.summary.textContent = "Could not load the invitations";
    replaceRows([placeholderRow("The invitations could not be loaded: see the error above.")]);
    return;
  }

  const pending = invitations.filter((i) => i.status === "Pending").length;
  const order = view.sort === "created-desc" ? "" : ` · ${SORTS[view.sort].toLowerCase()}`;
  ui.summary.textContent =
    shown.length === invitations.length
      ? `${invitations.length} ${invitations.length === 1 ? "invitation" : "invitations"} · ${pending} pending${order}`
      : `${shown.length} of ${invitations.length} shown · ${pending} pending${order}`;

  if (shown.length === 0) {
    const clear = el("button", { type: "button", class: "btn btn-link", "data-focus-key": "clear-empty" }, "Clear filters");
    clear.addEventListener("click", () => setView({ ...EMPTY_VIEW, sort: view.sort }));
    const filtered = isFiltered(view);
    replaceRows([
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
  replaceRows(shown.map((i) => invitationRow(i, now)));
}

/** Puts `value` in `select`, adding an option for an ID the lookups do not know (a shared link). */
function selectValue(select: HTMLSelectElement, value: string, unknownLabel: (value: string) => string): void {
  if (value !== "" && ![...select.options].some((o) => o.value === value)) {
    select.append(el("option", { value }, unknownLabel(value)));
  }
  select.value = value;
}

/** The filter controls show the view. */
function syncControls(): void {
  selectValue(ui.filterOrganization, view.organizationId, (id) => `Unknown organization (${id})`);
  // One organization (an admin's scope): nothing to filter by, unless the address names another.
  const [only, ...others] = lookups.organizations;
  ui.filterOrganizationField.hidden = only !== undefined && others.length === 0 && (view.organizationId === "" || view.organizationId === only.id);
  selectValue(ui.filterInviter, view.inviterId, (id) => `Unknown user (${id})`);
  ui.filterInvitee.value = view.invitee;
  ui.filterStatus.value = view.status;
  ui.filterSort.value = view.sort;
}

function roleChecks(name: string): HTMLElement[] {
  return lookups.roles.map((role) =>
    el(
      "label",
      { class: "check", title: role.description },
      el("input", { type: "checkbox", name, value: role.id }),
      el("span", {}, role.name),
    ),
  );
}

function renderLookups(): void {
  const organizations = lookups.organizations.map((o) => ({ value: o.id, label: o.name }));
  const users = lookups.users.map((u) => ({ value: u.id, label: u.primaryEmail === null ? u.label : `${u.label} (${u.primaryEmail})` }));
  setOptions(ui.filterOrganization, [{ value: "", label: "All organizations" }, ...organizations]);
  setOptions(ui.filterInviter, [{ value: "", label: "Any inviter" }, ...users]);
  setOptions(ui.inviteOrganization, organizations);
  setOptions(ui.inviteInviter, [{ value: "", label: "No inviter" }, ...users]);
  setOptions(ui.bulkOrganization, organizations);
  setOptions(ui.bulkInviter, [{ value: "", label: "No inviter" }, ...users]);
  const none = (): HTMLElement => el("span", { class: "muted" }, "No organization roles loaded");
  ui.inviteRoles.replaceChildren(...(lookups.roles.length === 0 ? [none()] : roleChecks("role")));
  ui.bulkRoles.replaceChildren(...(lookups.roles.length === 0 ? [none()] : roleChecks("bulk-role")));
  syncControls();
}

function renderFooter(): void {
  const base = api?.baseUrl ?? settings.baseUrl;
  ui.footer.replaceChildren(
    el("strong", {}, `${packageInfo.name} ${packageInfo.version}`),
    " (Rust → WebAssembly) · base URL ",
    el("code", {}, base),
    ` · ${describeConnection(base, settings.token)}`,
    session.mode === "none" ? "" : session.view === "scoped" ? " · scoped view: the proxy confines every request to organizationIds" : " · operator view: unscoped proxy",
  );
}

// ----- the view and loading -------------------------------------------------------------------

/** The view the filter controls show now. */
function viewFromControls(): View {
  return {
    organizationId: ui.filterOrganization.value,
    inviterId: ui.filterInviter.value,
    invitee: ui.filterInvitee.value.trim(),
    status: readView(`status=${encodeURIComponent(ui.filterStatus.value)}`).status,
    sort: ui.filterSort.value in SORTS ? (ui.filterSort.value as SortKey) : view.sort,
  };
}

/**
 * Shows another view: asks Logto again when its filters changed (the status filter and the sort
 * are applied in the page), and records it in the address (a new history entry).
 */
function setView(next: View): void {
  const reload = !sameQuery(view, next) || listState === "failed";
  view = next;
  syncControls();
  const search = writeView(view, location.search);
  if (search !== location.search) history.pushState(null, "", `${location.pathname}${search}${location.hash}`);
  if (reload) void loadInvitations();
  else render();
}

async function loadInvitations(): Promise<void> {
  if (api === null) return;
  listRequest?.abort();
  const request = new AbortController();
  listRequest = request;
  listState = "loading";
  render();
  try {
    const list = await api.listOrganizationInvitations(listQuery(view), { signal: request.signal, timeoutMs: REQUEST_TIMEOUT_MS });
    if (listRequest !== request) return;
    invitations = list;
    listState = "ready";
    for (const panel of all(ui.errors, ".error", HTMLElement)) {
      if (panel.dataset.title === "Could not load the invitations") panel.remove();
    }
  } catch (error) {
    if (listRequest !== request || isAbort(error)) return;
    invitations = [];
    listState = "failed";
    showError("Could not load the invitations", error);
  }
  render();
}

let lookupRequest: AbortController | null = null;
/** Reloads organizations, roles and users; resolves with the error, if any (not shown yet). */
async function refreshLookups(): Promise<unknown> {
  lookupRequest?.abort();
  const request = new AbortController();
  lookupRequest = request;
  try {
    const loaded = await loadLookups(api?.baseUrl ?? settings.baseUrl, settings.token, request.signal, session.view === "scoped" ? "organization" : "tenant");
    if (lookupRequest !== request) return null;
    lookups = loaded;
  } catch (error) {
    return lookupRequest === request ? error : null;
  }
  renderLookups();
  render();
  return null;
}

async function refreshAll(): Promise<void> {
  const [lookupError] = await Promise.all([refreshLookups(), loadInvitations()]);
  if (lookupError === null || isAbort(lookupError)) return;
  // When Logto is unreachable, the package's error about the list already says it all.
  if (lookupError instanceof LookupError && lookupError.kind === "network" && listState === "failed") return;
  showError("Could not load organizations, roles and users", lookupError);
}

// ----- row actions ----------------------------------------------------------------------------

/** Runs a call for one row with its buttons unavailable; reports success or the package's error. */
async function rowAction(invitation: OrganizationInvitation, failure: string, call: (api: OrganizationInvitationsApi) => Promise<string>): Promise<boolean> {
  if (api === null) return false;
  busyRows.add(invitation.id);
  render();
  try {
    const message = await call(api);
    notify(message);
    return true;
  } catch (error) {
    showError(`${failure} ${invitation.invitee}`, error);
    return false;
  } finally {
    busyRows.delete(invitation.id);
    render();
  }
}

/** The email's `link` template variable. A real application points it at its own join page. */
function joinLink(params: Record<string, string>): string {
  const url = new URL("join", location.href);
  url.search = "";
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

async function onRowAction(action: RowAction, invitation: OrganizationInvitation): Promise<void> {
  if (busyRows.has(invitation.id)) return;
  switch (action) {
    case "resend":
      await rowAction(invitation, "Could not resend the invitation email to", async (client) => {
        const payload: SendMessagePayload = { link: joinLink({ invitation: invitation.id }) };
        await client.createOrganizationInvitationMessage(invitation.id, payload, { timeoutMs: REQUEST_TIMEOUT_MS });
        return `Invitation email sent again to ${invitation.invitee}.`;
      });
      return;
    case "accept":
      openAccept(invitation);
      return;
    case "renew":
      openRenew(invitation);
      return;
    case "revoke":
      if (!(await askConfirm("Revoke this invitation?", `${invitation.invitee} will no longer be able to join ${organizationName(invitation.organizationId)} with it. Logto cannot restore a revoked invitation; you can renew it later (a new invitation).`, "Revoke invitation"))) return;
      if (
        await rowAction(invitation, "Could not revoke the invitation to", async (client) => {
          const updated = await client.replaceOrganizationInvitationStatus(invitation.id, { status: "Revoked" }, { timeoutMs: REQUEST_TIMEOUT_MS });
          return `Invitation to ${updated.invitee} revoked.`;
        })
      ) {
        await loadInvitations();
      }
      return;
    case "delete":
      if (!(await askConfirm("Delete this invitation?", `The invitation to ${invitation.invitee} will be removed from Logto for good.`, "Delete invitation"))) return;
      if (
        await rowAction(invitation, "Could not delete the invitation to", async (client) => {
          await client.deleteOrganizationInvitation(invitation.id, { timeoutMs: REQUEST_TIMEOUT_MS });
          return `Invitation to ${invitation.invitee} deleted.`;
        })
      ) {
        await loadInvitations();
      }
      return;
  }
}

// ----- invite ---------------------------------------------------------------------------------

function setFieldError(field: HTMLElement, message: HTMLElement, text: string | null): void {
  if (text === null) {
    field.removeAttribute("aria-invalid");
    message.textContent = "";
    message.hidden = true;
  } else {
    field.setAttribute("aria-invalid", "true");
    message.textContent = text;
    message.hidden = false;
  }
}

function clearInviteFieldErrors(): void {
  setFieldError(ui.inviteEmail, ui.inviteEmailError, null);
  setFieldError(ui.inviteExpiry, ui.inviteExpiryError, null);
  ui.inviteExpiryDate.removeAttribute("aria-invalid");
}

function openInvite(): void {
  clearErrors(dialogErrors(ui.inviteDialog));
  clearInviteFieldErrors();
  if (view.organizationId !== "" && lookups.organizations.some((o) => o.id === view.organizationId)) {
    ui.inviteOrganization.value = view.organizationId;
  }
  showExpiryDate();
  openDialog(ui.inviteDialog, ui.inviteEmail);
}

function showExpiryDate(): void {
  ui.inviteExpiryDateField.hidden = ui.inviteExpiry.value !== "date";
}

/** The expiry the invite form asks for: a duration from now, or a date (never checked here). */
function inviteExpiresAt(): number {
  if (ui.inviteExpiry.value !== "date") return Date.now() + Number(ui.inviteExpiry.value);
  // `datetime-local` is local time without a zone; an empty field is NaN (the package refuses it).
  return new Date(ui.inviteExpiryDate.value).getTime();
}

/** Marks the field Logto's answer is about, with Logto's words, and focuses it. */
function markInviteFields(error: unknown): void {
  const failure = classifyCreateFailure(error);
  const fields = fieldsAtFault(error);
  const inviteeText =
    fields.get("invitee") ??
    (failure === "already_pending" ? "Already has a pending invitation to this organization." : failure === "already_member" ? "Already a member of this organization." : null);
  const expiryTextFor = fields.get("expiresAt") ?? (failure === "expiry_not_in_future" ? "Logto needs an expiry in the future." : null);
  setFieldError(ui.inviteEmail, ui.inviteEmailError, inviteeText);
  setFieldError(ui.inviteExpiry, ui.inviteExpiryError, expiryTextFor);
  if (expiryTextFor !== null && ui.inviteExpiry.value === "date") ui.inviteExpiryDate.setAttribute("aria-invalid", "true");
  if (inviteeText !== null) ui.inviteEmail.focus();
  else if (expiryTextFor !== null) (ui.inviteExpiry.value === "date" ? ui.inviteExpiryDate : ui.inviteExpiry).focus();
}

async function submitInvite(): Promise<void> {
  if (api === null || isBusy(ui.inviteForm)) return;
  const client = api;
  const errors = dialogErrors(ui.inviteDialog);
  clearErrors(errors);
  clearInviteFieldErrors();
  const invitee = ui.inviteEmail.value.trim();
  const roleIds = all(ui.inviteRoles, 'input[name="role"]:checked', HTMLInputElement).map((i) => i.value);
  const messagePayload: SendMessagePayload | false = ui.inviteSendEmail.checked ? { link: joinLink({ email: invitee }) } : false;
  try {
    // What is valid (an email, an expiry in the future, ...) is Logto's to say: its answer shows below.
    const created = await busy(ui.inviteForm, () =>
      client.createOrganizationInvitation(
        {
          invitee,
          organizationId: ui.inviteOrganization.value,
          expiresAt: inviteExpiresAt(),
          inviterId: ui.inviteInviter.value || null,
          organizationRoleIds: roleIds,
          messagePayload,
        },
        { timeoutMs: REQUEST_TIMEOUT_MS },
      ),
    );
    ui.inviteDialog.close();
    ui.inviteForm.reset();
    showExpiryDate();
    highlightId = created.id;
    notify(`Invitation created for ${created.invitee}${messagePayload === false ? "" : " and the email sent"}.`);
    await showInList(created);
  } catch (error) {
    showError("Could not create the invitation", error, errors);
    markInviteFields(error);
  }
}

/** Reloads the list so that `invitation` is in it, leaving the filters only if they hide it. */
async function showInList(invitation: OrganizationInvitation): Promise<void> {
  const q = listQuery(view);
  const matches =
    (q.organizationId == null || q.organizationId === invitation.organizationId) &&
    (q.inviterId == null || q.inviterId === invitation.inviterId) &&
    (q.invitee == null || q.invitee.toLowerCase() === invitation.invitee.toLowerCase()) &&
    (view.status === "" || view.status === invitation.status);
  if (matches) await loadInvitations();
  else setView({ ...EMPTY_VIEW, sort: view.sort });
}

// ----- mark accepted --------------------------------------------------------------------------

let accepting: OrganizationInvitation | null = null;
function openAccept(invitation: OrganizationInvitation): void {
  accepting = invitation;
  clearErrors(dialogErrors(ui.acceptDialog));
  ui.acceptText.textContent = `${invitation.invitee} is invited to ${organizationName(invitation.organizationId)} (status: ${invitation.status}).`;
  const matches = (u: User): boolean => u.primaryEmail !== null && u.primaryEmail.toLowerCase() === invitation.invitee.toLowerCase();
  const users = [...lookups.users].sort((a, b) => Number(matches(b)) - Number(matches(a)));
  ui.acceptUser.replaceChildren(
    el("option", { value: "" }, "Choose a user…"),
    ...users.map((u) =>
      el("option", { value: u.id }, `${u.label}${u.primaryEmail === null ? "" : ` (${u.primaryEmail})`}${matches(u) ? " ✓ email matches" : ""}`),
    ),
  );
  ui.acceptUser.value = users.find(matches)?.id ?? "";
  openDialog(ui.acceptDialog, ui.acceptUser);
}

async function submitAccept(): Promise<void> {
  const invitation = accepting;
  if (api === null || invitation === null || isBusy(ui.acceptForm)) return;
  const client = api;
  const errors = dialogErrors(ui.acceptDialog);
  clearErrors(errors);
  const userId = ui.acceptUser.value;
  try {
    // No user chosen is sent as is: Logto answers that `acceptedUserId` is required.
    const updated = await busy(ui.acceptForm, () =>
      client.replaceOrganizationInvitationStatus(invitation.id, { status: "Accepted", acceptedUserId: userId || null }, { timeoutMs: REQUEST_TIMEOUT_MS }),
    );
    ui.acceptDialog.close();
    notify(`${updated.invitee} joined ${organizationName(updated.organizationId)}: invitation accepted on behalf of ${userLabel(userId)}.`);
    highlightId = updated.id;
    await loadInvitations();
  } catch (error) {
    showError(`Could not mark the invitation to ${invitation.invitee} accepted`, error, errors);
    ui.acceptUser.focus();
  }
}

// ----- renew ----------------------------------------------------------------------------------

let renewing: OrganizationInvitation | null = null;
function openRenew(invitation: OrganizationInvitation): void {
  renewing = invitation;
  // Each renewal starts from the defaults (7 days, delete the old one, no email).
  ui.renewForm.reset();
  clearErrors(dialogErrors(ui.renewDialog));
  ui.renewText.textContent = `A new invitation for ${invitation.invitee}, like the ${invitation.status.toLowerCase()} one, with a fresh expiry.`;
  const fact = (term: string, value: string): HTMLElement => el("div", {}, el("dt", {}, term), el("dd", {}, value));
  ui.renewSummary.replaceChildren(
    fact("Invitee", invitation.invitee),
    fact("Organization", organizationName(invitation.organizationId)),
    fact("Roles", invitation.organizationRoles.length === 0 ? "no roles" : invitation.organizationRoles.map((r) => r.name).join(", ")),
    fact("Inviter", invitation.inviterId === null ? "no inviter" : userLabel(invitation.inviterId)),
  );
  openDialog(ui.renewDialog, ui.renewExpiry);
}

async function submitRenew(): Promise<void> {
  const old = renewing;
  if (api === null || old === null || isBusy(ui.renewForm)) return;
  const client = api;
  const errors = dialogErrors(ui.renewDialog);
  clearErrors(errors);
  const previous: PreviousInvitation = new FormData(ui.renewForm).get("previous") === "keep" ? "keep" : "delete";
  const messagePayload: SendMessagePayload | false = ui.renewSendEmail.checked ? { link: joinLink({ email: old.invitee }) } : false;
  let result: RenewResult;
  try {
    result = await busy(ui.renewForm, () =>
      renewInvitation(client, old, {
        expiresAt: Date.now() + Number(ui.renewExpiry.value),
        messagePayload,
        previous,
        timeoutMs: REQUEST_TIMEOUT_MS,
      }),
    );
  } catch (error) {
    showError(`Could not renew the invitation to ${old.invitee} (nothing was removed)`, error, errors);
    ui.renewExpiry.focus();
    return;
  }
  ui.renewDialog.close();
  highlightId = result.invitation.id;
  const expires = relativeTime(result.invitation.expiresAt, Date.now());
  const sent = messagePayload === false ? "" : ", email sent";
  switch (result.previous.outcome) {
    case "kept":
      notify(`Renewed: a new invitation for ${old.invitee} expires ${expires}${sent}; the old one is kept.`);
      break;
    case "deleted":
      notify(`Renewed: a new invitation for ${old.invitee} expires ${expires}${sent}; the old one was deleted.`);
      break;
    case "delete_failed":
      notify(`Renewed: a new invitation for ${old.invitee} expires ${expires}${sent}.`);
      showError(`The new invitation to ${old.invitee} exists, but the old one could not be deleted`, result.previous.error);
      break;
  }
  await showInList(result.invitation);
}

// ----- bulk invite ----------------------------------------------------------------------------

let bulkRun: AbortController | null = null;

function bulkControls(): (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[] {
  return [
    ui.bulkAddresses,
    ui.bulkOrganization,
    ui.bulkInviter,
    ui.bulkExpiry,
    ui.bulkSendEmail,
    ...all(ui.bulkRoles, "input", HTMLInputElement),
  ];
}

function describeParsed(): number {
  const parsed = parseAddresses(ui.bulkAddresses.value);
  const count = parsed.addresses.length;
  const folded = parsed.duplicates.length;
  ui.bulkParsed.textContent =
    count === 0
      ? "Separate addresses with commas, spaces or new lines. Repeats are folded (ignoring case)."
      : `${count} ${count === 1 ? "address" : "addresses"}${folded === 0 ? "" : ` (${folded} ${folded === 1 ? "repeat" : "repeats"} folded)`}. Logto checks each one.`;
  ui.bulkStart.textContent = count === 0 ? "Invite" : `Invite ${count} ${count === 1 ? "address" : "addresses"}`;
  return count;
}

function resetBulk(): void {
  ui.bulkFields.hidden = false;
  ui.bulkSetup.hidden = true;
  ui.bulkRun.hidden = true;
  ui.bulkResults.replaceChildren();
  ui.bulkSummary.textContent = "";
  ui.bulkStart.hidden = false;
  ui.bulkAgain.hidden = true;
  ui.bulkCancel.hidden = true;
  ui.bulkClose.hidden = false;
  for (const control of bulkControls()) control.disabled = false;
  describeParsed();
}

function openBulk(): void {
  if (bulkRun !== null) return;
  clearErrors(dialogErrors(ui.bulkDialog));
  if (!ui.bulkAgain.hidden) {
    // After a run, reopening starts afresh ("New list" keeps the settings for another batch).
    ui.bulkForm.reset();
    resetBulk();
  }
  if (view.organizationId !== "" && lookups.organizations.some((o) => o.id === view.organizationId)) {
    ui.bulkOrganization.value = view.organizationId;
  }
  describeParsed();
  openDialog(ui.bulkDialog, ui.bulkAddresses);
}

function summaryText(results: readonly (BulkResult | undefined)[], folded: number, cancelled: boolean): string {
  const counts = tally(results);
  const parts: string[] = [];
  const order: [BulkOutcome, string, string][] = [
    ["created", "invited", "invited"],
    ["already_pending", "already pending", "already pending"],
    ["already_member", "already a member", "already members"],
    ["not_an_email", "not an email address", "not email addresses"],
    ["rate_limited", "rate limited", "rate limited"],
    ["no_answer", "without an answer", "without an answer"],
    ["refused", "refused", "refused"],
    ["cancelled", "not sent (cancelled)", "not sent (cancelled)"],
  ];
  for (const [outcome, one, many] of order) if (counts[outcome] > 0) parts.push(`${counts[outcome]} ${counts[outcome] === 1 ? one : many}`);
  const head = cancelled ? "Cancelled" : "Done";
  return `${head}: ${parts.join(", ")}${folded === 0 ? "" : `; ${folded} repeated ${folded === 1 ? "address" : "addresses"} folded`}.`;
}

async function submitBulk(): Promise<void> {
  if (api === null || bulkRun !== null) return;
  const client = api;
  const errors = dialogErrors(ui.bulkDialog);
  clearErrors(errors);
  const parsed = parseAddresses(ui.bulkAddresses.value);
  if (parsed.addresses.length === 0) {
    ui.bulkParsed.textContent = "Paste at least one address first.";
    ui.bulkAddresses.focus();
    return;
  }
  const roleIds = all(ui.bulkRoles, 'input[name="bulk-role"]:checked', HTMLInputElement).map((i) => i.value);
  const sendEmail = ui.bulkSendEmail.checked;
  const expiresAt = Date.now() + Number(ui.bulkExpiry.value);
  const organizationId = ui.bulkOrganization.value;

  const run = new AbortController();
  bulkRun = run;
  for (const control of bulkControls()) control.disabled = true;
  // The results take the form's place; "New list" brings it back.
  const roleNames = lookups.roles.filter((r) => roleIds.includes(r.id)).map((r) => r.name);
  ui.bulkSetup.textContent = [
    organizationName(organizationId),
    roleNames.length === 0 ? "no roles" : `roles: ${roleNames.join(", ")}`,
    ui.bulkInviter.value === "" ? "no inviter" : `inviter: ${userLabel(ui.bulkInviter.value)}`,
    `expires in ${ui.bulkExpiry.selectedOptions[0]?.textContent ?? ""}`,
    sendEmail ? "with emails" : "no emails",
  ].join(" · ");
  ui.bulkSetup.hidden = false;
  ui.bulkFields.hidden = true;
  ui.bulkStart.hidden = true;
  ui.bulkClose.hidden = true;
  ui.bulkCancel.hidden = false;
  ui.bulkCancel.focus();
  ui.bulkRun.hidden = false;
  const total = parsed.addresses.length;
  ui.bulkProgress.max = total;
  ui.bulkProgress.value = 0;
  ui.bulkSummary.textContent = `Inviting ${total} ${total === 1 ? "address" : "addresses"} to ${organizationName(organizationId)}…`;
  const cells = parsed.addresses.map((address) => {
    // Explicit roles: on phones the rows are restyled as blocks, which would drop table semantics.
    const result = el("td", { role: "cell", class: "result result-waiting" }, "Waiting");
    const answer = el("td", { role: "cell", class: "answer" });
    ui.bulkResults.append(el("tr", { role: "row", "data-address": address }, el("td", { role: "cell", class: "address" }, address), result, answer));
    return { result, answer };
  });
  const settled: (BulkResult | undefined)[] = parsed.addresses.map(() => undefined);
  const progress = (): void => {
    const done = settled.filter((r) => r !== undefined && r.outcome !== "cancelled").length;
    ui.bulkProgress.value = done;
    ui.bulkCount.textContent = `${done} of ${total}`;
  };
  progress();

  const results = await bulkInvite(
    client,
    parsed.addresses,
    {
      organizationId,
      expiresAt,
      inviterId: ui.bulkInviter.value || null,
      organizationRoleIds: roleIds,
      messagePayload: sendEmail ? { link: joinLink({ organization: organizationId }) } : false,
    },
    {
      concurrency: BULK_CONCURRENCY,
      signal: run.signal,
      timeoutMs: REQUEST_TIMEOUT_MS,
      onResult: (result, index) => {
        settled[index] = result;
        const cell = cells[index];
        if (cell !== undefined) {
          cell.result.className = `result result-${result.outcome}`;
          cell.result.textContent = OUTCOME_LABELS[result.outcome];
          const facts = [result.status, result.code].filter((f) => f !== undefined).join(" ");
          cell.answer.textContent = result.outcome === "created" ? "201 Created" : `${facts === "" ? "" : `${facts}: `}${result.message ?? ""}`;
        }
        progress();
      },
    },
  );
  bulkRun = null;
  const cancelled = run.signal.aborted;
  ui.bulkSummary.textContent = summaryText(results, parsed.duplicates.length, cancelled);
  ui.bulkCancel.hidden = true;
  ui.bulkClose.hidden = false;
  ui.bulkAgain.hidden = false;
  ui.bulkAgain.focus();
  notify(`Bulk invite ${ui.bulkSummary.textContent.charAt(0).toLowerCase()}${ui.bulkSummary.textContent.slice(1)}`);
  await loadInvitations();
}

function cancelBulk(): void {
  if (bulkRun === null || bulkRun.signal.aborted) return;
  bulkRun.abort();
  ui.bulkSummary.textContent = "Cancelling: the invitations already sent finish; the rest are not sent.";
}

// ----- connection -----------------------------------------------------------------------------

function openSettings(): void {
  clearErrors(dialogErrors(ui.settingsDialog));
  ui.settingsBaseUrl.value = settings.baseUrl;
  ui.settingsToken.value = settings.token;
  openDialog(ui.settingsDialog, ui.settingsBaseUrl);
}

/** Makes a client for these settings; the constructor rejects an unusable base URL. */
function connect(next: Settings): OrganizationInvitationsApi {
  const config = next.token === "" ? { baseUrl: next.baseUrl } : { baseUrl: next.baseUrl, accessToken: next.token };
  return new OrganizationInvitationsApi(config);
}

function applySettings(next: Settings): void {
  api?.free();
  api = connect(next);
  settings = next;
  renderFooter();
  clearErrors();
  invitations = [];
  lookups = { organizations: [], roles: [], users: [] };
  renderLookups();
  void refreshAll();
}

function submitSettings(): void {
  const next: Settings = { baseUrl: ui.settingsBaseUrl.value.trim() || DEFAULT_SETTINGS.baseUrl, token: ui.settingsToken.value.trim() };
  try {
    connect(next).free();
  } catch (error) {
    showError("This connection cannot be used", error, dialogErrors(ui.settingsDialog));
    return;
  }
  saveSettings(next);
  ui.settingsDialog.close();
  applySettings(next);
  notify(`Connected to ${api?.baseUrl ?? next.baseUrl}.`);
}

// ----- wiring ---------------------------------------------------------------------------------

function onSubmit(form: HTMLFormElement, handler: () => void | Promise<void>): void {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void handler();
  });
}

function wire(): void {
  setOptions(
    ui.filterSort,
    Object.entries(SORTS).map(([value, label]) => ({ value, label })),
  );
  onSubmit(ui.filters, () => setView(viewFromControls()));
  for (const control of [ui.filterOrganization, ui.filterInviter, ui.filterStatus, ui.filterSort]) {
    control.addEventListener("change", () => setView(viewFromControls()));
  }
  // Logto matches the invitee exactly (ignoring case): filter on Enter or when leaving the field.
  ui.filterInvitee.addEventListener("change", () => setView(viewFromControls()));
  ui.clearFilters.addEventListener("click", () => setView({ ...EMPTY_VIEW }));
  ui.refresh.addEventListener("click", () => void refreshAll());
  window.addEventListener("popstate", () => {
    const next = readView(location.search);
    const reload = !sameQuery(view, next);
    view = next;
    syncControls();
    if (reload) void loadInvitations();
    else render();
  });

  ui.rows.addEventListener("click", (event) => {
    if (!(event.target instanceof Element)) return;
    const button = event.target.closest("button[data-action]");
    if (!(button instanceof HTMLButtonElement)) return;
    const invitation = invitations.find((i) => i.id === button.dataset.id);
    const action = button.dataset.action as RowAction | undefined;
    if (invitation === undefined || action === undefined) return;
    if (button.classList.contains("btn-unavailable")) {
      const spec = actionsFor(invitation.status).find((s) => s.action === action);
      notify(`${spec?.label ?? "This action"} is not available for the invitation to ${invitation.invitee}. ${spec?.reason ?? ""}`.trim());
      return;
    }
    if (button.getAttribute("aria-disabled") === "true") return;
    void onRowAction(action, invitation);
  });

  ui.openInvite.addEventListener("click", openInvite);
  ui.inviteExpiry.addEventListener("change", showExpiryDate);
  onSubmit(ui.inviteForm, submitInvite);
  onSubmit(ui.acceptForm, submitAccept);
  onSubmit(ui.renewForm, submitRenew);

  ui.openBulk.addEventListener("click", openBulk);
  ui.bulkAddresses.addEventListener("input", describeParsed);
  // Ctrl+Enter in the address list starts the run (Enter alone is a new line).
  ui.bulkAddresses.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      ui.bulkForm.requestSubmit();
    }
  });
  onSubmit(ui.bulkForm, submitBulk);
  ui.bulkCancel.addEventListener("click", cancelBulk);
  ui.bulkAgain.addEventListener("click", () => {
    resetBulk();
    ui.bulkAddresses.value = "";
    describeParsed();
    ui.bulkAddresses.focus();
  });
  // Escape during a run cancels what has not started, and keeps the results on screen.
  ui.bulkDialog.addEventListener("cancel", (event) => {
    if (bulkRun === null) return;
    event.preventDefault();
    cancelBulk();
  });
  ui.bulkDialog.addEventListener("close", cancelBulk);

  ui.openSettings.addEventListener("click", openSettings);
  onSubmit(ui.settingsForm, submitSettings);
  ui.settingsDefaults.addEventListener("click", () => {
    ui.settingsBaseUrl.value = DEFAULT_SETTINGS.baseUrl;
    ui.settingsToken.value = DEFAULT_SETTINGS.token;
  });
  for (const button of all(document, "dialog [data-close]", HTMLButtonElement)) {
    button.addEventListener("click", () => button.closest("dialog")?.close());
  }
  // Focus goes back where it was before a dialog opened (or to the same control, re-rendered).
  for (const dialog of all(document, "dialog", HTMLDialogElement)) {
    dialog.addEventListener("close", () => {
      if (!focusByKey(returnFocus.get(dialog) ?? null)) ui.listTitle.focus();
    });
  }
  // Relative times stay current.
  window.setInterval(() => {
    if (listState === "ready" && !rowMenu.isOpen) render();
  }, 30_000);
}

async function main(): Promise<void> {
  wire();
  // Optional (the package loads itself): loading first makes the constructor throw a bad saved
  // connection at once, which applySettings reports below.
  await init();
  session = await loadSession();
  sessionScreen.show(session);
  if (!sessionScreen.canShowDashboard) {
    // Nobody to act for yet: the sign-in (or why there is none) instead of the dashboard.
    ui.main.hidden = true;
    ui.topbarActions.hidden = true;
    ui.footer.textContent = `${packageInfo.name} ${packageInfo.version} (Rust → WebAssembly)`;
    byId("signin-title", HTMLHeadingElement).focus();
    return;
  }
  // An organization's admin reaches Logto only through the scoped proxy: no other connection.
  const scoped = session.view === "scoped";
  ui.openSettings.hidden = scoped;
  const initial = scoped ? { ...DEFAULT_SETTINGS } : loadSettings();
  view = readView(location.search);
  syncControls();
  try {
    applySettings(initial);
  } catch (error) {
    settings = initial;
    renderFooter();
    listState = "failed";
    render();
    showError("The saved connection cannot be used", error);
    openSettings();
  }
}

main().catch((error: unknown) => {
  listState = "failed";
  render();
  showError("The dashboard could not start", error);
});
