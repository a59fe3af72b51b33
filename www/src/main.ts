// The organization-invitations dashboard: lists, filters, invites, resends, accepts, revokes and
// deletes through the `logto-invitations` package, and shows every error as the package reports it.
import init, {
  OrganizationInvitationsApi,
  type ListOrganizationInvitationsQuery,
  type OrganizationInvitation,
  type OrganizationInvitationStatus,
  type SendMessagePayload,
} from "logto-invitations";
import packageInfo from "logto-invitations/package.json";
import { all, byId, el, setOptions } from "./dom";
import { errorPanel, isAbort } from "./errors";
import { absoluteTime, expiryText, relativeTime } from "./format";
import { loadLookups, LookupError, type Lookups, type User } from "./lookups";
import { DEFAULT_SETTINGS, describeConnection, loadSettings, saveSettings, type Settings } from "./settings";
import "./style.css";

const REQUEST_TIMEOUT_MS = 20_000;

// ----- elements -------------------------------------------------------------------------------

const ui = {
  filters: byId("filters", HTMLFormElement),
  filterOrganization: byId("filter-organization", HTMLSelectElement),
  filterInviter: byId("filter-inviter", HTMLSelectElement),
  filterInvitee: byId("filter-invitee", HTMLInputElement),
  filterStatus: byId("filter-status", HTMLSelectElement),
  clearFilters: byId("clear-filters", HTMLButtonElement),
  refresh: byId("refresh", HTMLButtonElement),
  errors: byId("errors", HTMLDivElement),
  notice: byId("notice", HTMLDivElement),
  summary: byId("summary", HTMLParagraphElement),
  table: byId("table", HTMLTableElement),
  rows: byId("rows", HTMLTableSectionElement),
  footer: byId("footer-line", HTMLParagraphElement),

  openInvite: byId("open-invite", HTMLButtonElement),
  inviteDialog: byId("invite-dialog", HTMLDialogElement),
  inviteForm: byId("invite-form", HTMLFormElement),
  inviteEmail: byId("invite-email", HTMLInputElement),
  inviteOrganization: byId("invite-organization", HTMLSelectElement),
  inviteRoles: byId("invite-roles", HTMLDivElement),
  inviteInviter: byId("invite-inviter", HTMLSelectElement),
  inviteExpiry: byId("invite-expiry", HTMLSelectElement),
  inviteSendEmail: byId("invite-send-email", HTMLInputElement),

  acceptDialog: byId("accept-dialog", HTMLDialogElement),
  acceptForm: byId("accept-form", HTMLFormElement),
  acceptText: byId("accept-text", HTMLParagraphElement),
  acceptUser: byId("accept-user", HTMLSelectElement),

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
};

// ----- state ----------------------------------------------------------------------------------

let settings: Settings = { ...DEFAULT_SETTINGS };
let api: OrganizationInvitationsApi | null = null;
let lookups: Lookups = { organizations: [], roles: [], users: [] };
let invitations: OrganizationInvitation[] = [];
let listState: "loading" | "ready" | "failed" = "loading";
let listRequest: AbortController | null = null;
let highlightId: string | null = null;
const busyRows = new Set<string>();

function organizationName(id: string): string {
  return lookups.organizations.find((o) => o.id === id)?.name ?? id;
}

function userLabel(id: string): string {
  return lookups.users.find((u) => u.id === id)?.label ?? id;
}

// ----- messages -------------------------------------------------------------------------------

function showError(title: string, error: unknown, container: HTMLElement = ui.errors): void {
  if (isAbort(error)) return;
  // One panel per title: a repeated failure replaces the previous one instead of piling up.
  for (const existing of all(container, ".error", HTMLElement)) {
    if (existing.dataset.title === title) existing.remove();
  }
  const panel = errorPanel(title, error, () => panel.remove());
  panel.dataset.title = title;
  container.prepend(panel);
  while (container.children.length > 3) container.lastElementChild?.remove();
}

function clearErrors(container: HTMLElement = ui.errors): void {
  container.replaceChildren();
}

let noticeTimer: number | undefined;
function notify(message: string): void {
  window.clearTimeout(noticeTimer);
  ui.notice.textContent = message;
  ui.notice.classList.add("visible");
  noticeTimer = window.setTimeout(() => ui.notice.classList.remove("visible"), 6000);
}

// ----- rendering ------------------------------------------------------------------------------

function statusBadge(status: OrganizationInvitationStatus): HTMLElement {
  return el("span", { class: `badge badge-${status.toLowerCase()}` }, status);
}

function actionButton(action: string, label: string, invitation: OrganizationInvitation, extraClass = ""): HTMLButtonElement {
  const button = el(
    "button",
    {
      type: "button",
      class: `btn btn-small ${extraClass}`.trim(),
      "data-action": action,
      "data-id": invitation.id,
      "aria-label": `${label} the invitation to ${invitation.invitee}`,
      title: `${label} the invitation to ${invitation.invitee}`,
    },
    label,
  );
  button.disabled = busyRows.has(invitation.id);
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
  const row = el(
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
        actionButton("resend", "Resend", invitation),
        actionButton("accept", "Accept", invitation),
        actionButton("revoke", "Revoke", invitation),
        actionButton("delete", "Delete", invitation, "btn-danger-text"),
      ),
    ),
  );
  return row;
}

function placeholderRow(content: Node | string): HTMLTableRowElement {
  return el("tr", { role: "row", class: "placeholder" }, el("td", { role: "cell", colspan: "6" }, content));
}

function render(): void {
  const now = Date.now();
  const status = ui.filterStatus.value;
  const shown = status === "" ? invitations : invitations.filter((i) => i.status === status);

  // Status counts of what the server returned, in the status filter's options.
  for (const option of ui.filterStatus.options) {
    const count = option.value === "" ? invitations.length : invitations.filter((i) => i.status === option.value).length;
    option.textContent = `${option.value === "" ? "Any status" : option.value} (${count})`;
  }

  ui.table.setAttribute("aria-busy", listState === "loading" ? "true" : "false");
  if (listState === "loading" && invitations.length === 0) {
    ui.summary.textContent = "Loading…";
    ui.rows.replaceChildren(placeholderRow("Loading invitations…"));
    return;
  }
  if (listState === "failed") {
    ui.summary.textContent = "Could not load the invitations";
    ui.rows.replaceChildren(placeholderRow("The invitations could not be loaded: see the error above."));
    return;
  }

  const pending = invitations.filter((i) => i.status === "Pending").length;
  ui.summary.textContent =
    shown.length === invitations.length
      ? `${invitations.length} ${invitations.length === 1 ? "invitation" : "invitations"} · ${pending} pending`
      : `${shown.length} of ${invitations.length} shown · ${pending} pending`;

  if (shown.length === 0) {
    const clear = el("button", { type: "button", class: "btn btn-link" }, "Clear filters");
    clear.addEventListener("click", clearFilters);
    const filtered = hasFilters();
    ui.rows.replaceChildren(
      placeholderRow(
        el(
          "div",
          { class: "empty" },
          filtered ? "No invitations match these filters. " : "No invitations yet. Invite someone to get started.",
          filtered ? clear : null,
        ),
      ),
    );
    return;
  }
  ui.rows.replaceChildren(...shown.map((i) => invitationRow(i, now)));
}

function renderLookups(): void {
  const organizations = lookups.organizations.map((o) => ({ value: o.id, label: o.name }));
  const users = lookups.users.map((u) => ({ value: u.id, label: u.primaryEmail === null ? u.label : `${u.label} (${u.primaryEmail})` }));
  setOptions(ui.filterOrganization, [{ value: "", label: "All organizations" }, ...organizations]);
  setOptions(ui.filterInviter, [{ value: "", label: "Any inviter" }, ...users]);
  setOptions(ui.inviteOrganization, organizations);
  setOptions(ui.inviteInviter, [{ value: "", label: "No inviter" }, ...users]);
  if (lookups.roles.length === 0) {
    ui.inviteRoles.replaceChildren(el("span", { class: "muted" }, "No organization roles loaded"));
  } else {
    ui.inviteRoles.replaceChildren(
      ...lookups.roles.map((role) =>
        el(
          "label",
          { class: "check", title: role.description },
          el("input", { type: "checkbox", name: "role", value: role.id }),
          el("span", {}, role.name),
        ),
      ),
    );
  }
}

function renderFooter(): void {
  const base = api?.baseUrl ?? settings.baseUrl;
  ui.footer.replaceChildren(
    el("strong", {}, `${packageInfo.name} ${packageInfo.version}`),
    " (Rust → WebAssembly) · base URL ",
    el("code", {}, base),
    ` · ${describeConnection(base, settings.token)}`,
  );
}

// ----- loading --------------------------------------------------------------------------------

function hasFilters(): boolean {
  return ui.filterOrganization.value !== "" || ui.filterInviter.value !== "" || ui.filterInvitee.value.trim() !== "" || ui.filterStatus.value !== "";
}

function query(): ListOrganizationInvitationsQuery {
  return {
    organizationId: ui.filterOrganization.value || null,
    inviterId: ui.filterInviter.value || null,
    invitee: ui.filterInvitee.value.trim() || null,
  };
}

async function loadInvitations(): Promise<void> {
  if (api === null) return;
  listRequest?.abort();
  const request = new AbortController();
  listRequest = request;
  listState = "loading";
  render();
  try {
    const list = await api.listOrganizationInvitations(query(), { signal: request.signal, timeoutMs: REQUEST_TIMEOUT_MS });
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
    const loaded = await loadLookups(api?.baseUrl ?? settings.baseUrl, settings.token, request.signal);
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

function clearFilters(): void {
  ui.filters.reset();
  void loadInvitations();
}

// ----- row actions ----------------------------------------------------------------------------

/** Runs a call for one row with its buttons disabled; reports success or the package's error. */
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
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
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
    ui.confirmDialog.returnValue = "";
    ui.confirmDialog.showModal();
    ui.confirmButton.focus();
  });
}

let accepting: OrganizationInvitation | null = null;
function openAccept(invitation: OrganizationInvitation): void {
  accepting = invitation;
  clearErrors(dialogErrors(ui.acceptDialog));
  ui.acceptText.textContent = `${invitation.invitee} is invited to ${organizationName(invitation.organizationId)} (status: ${invitation.status}).`;
  const matches = (u: User): boolean => u.primaryEmail !== null && u.primaryEmail.toLowerCase() === invitation.invitee.toLowerCase();
  const users = [...lookups.users].sort((a, b) => Number(matches(b)) - Number(matches(a)));
  ui.acceptUser.replaceChildren(
    ...users.map((u) =>
      el("option", { value: u.id }, `${u.label}${u.primaryEmail === null ? "" : ` (${u.primaryEmail})`}${matches(u) ? " ✓ email matches" : ""}`),
    ),
  );
  ui.acceptDialog.showModal();
}

async function onRowAction(action: string, invitation: OrganizationInvitation): Promise<void> {
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
    case "revoke":
      if (!(await askConfirm("Revoke this invitation?", `${invitation.invitee} will no longer be able to join ${organizationName(invitation.organizationId)} with it. A revoked invitation cannot be restored.`, "Revoke invitation"))) return;
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

// ----- dialogs --------------------------------------------------------------------------------

function dialogErrors(dialog: HTMLDialogElement): HTMLElement {
  const [container] = all(dialog, "[data-errors]", HTMLElement);
  if (container === undefined) throw new Error(`#${dialog.id} has no error area`);
  return container;
}

/** Disables a form's buttons while its request runs. */
async function busy<T>(form: HTMLFormElement, work: () => Promise<T>): Promise<T> {
  const buttons = [...form.querySelectorAll("button")];
  for (const b of buttons) b.disabled = true;
  form.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    for (const b of buttons) b.disabled = false;
    form.removeAttribute("aria-busy");
  }
}

function openInvite(): void {
  clearErrors(dialogErrors(ui.inviteDialog));
  const organization = ui.filterOrganization.value;
  if (organization !== "") ui.inviteOrganization.value = organization;
  ui.inviteDialog.showModal();
  ui.inviteEmail.focus();
}

async function submitInvite(): Promise<void> {
  if (api === null) return;
  const client = api;
  const errors = dialogErrors(ui.inviteDialog);
  clearErrors(errors);
  const invitee = ui.inviteEmail.value.trim();
  const roleIds = all(ui.inviteRoles, 'input[name="role"]:checked', HTMLInputElement).map((i) => i.value);
  const messagePayload: SendMessagePayload | false = ui.inviteSendEmail.checked ? { link: joinLink({ email: invitee }) } : false;
  try {
    // Checks (a valid email, an expiry in the future, ...) are the package's: its errors show below.
    const created = await busy(ui.inviteForm, () =>
      client.createOrganizationInvitation(
        {
          invitee,
          organizationId: ui.inviteOrganization.value,
          expiresAt: Date.now() + Number(ui.inviteExpiry.value),
          inviterId: ui.inviteInviter.value || null,
          organizationRoleIds: roleIds,
          messagePayload,
        },
        { timeoutMs: REQUEST_TIMEOUT_MS },
      ),
    );
    ui.inviteDialog.close();
    ui.inviteForm.reset();
    highlightId = created.id;
    notify(`Invitation created for ${created.invitee}${messagePayload === false ? "" : " and the email sent"}.`);
    // Show the new row even if the current filters would hide it.
    if (!matchesFilters(created)) ui.filters.reset();
    await loadInvitations();
  } catch (error) {
    showError("Could not create the invitation", error, errors);
  }
}

function matchesFilters(invitation: OrganizationInvitation): boolean {
  const q = query();
  return (
    (q.organizationId == null || q.organizationId === invitation.organizationId) &&
    (q.inviterId == null || q.inviterId === invitation.inviterId) &&
    (q.invitee == null || q.invitee.toLowerCase() === invitation.invitee.toLowerCase()) &&
    (ui.filterStatus.value === "" || ui.filterStatus.value === invitation.status)
  );
}

async function submitAccept(): Promise<void> {
  const invitation = accepting;
  if (api === null || invitation === null) return;
  const client = api;
  const errors = dialogErrors(ui.acceptDialog);
  clearErrors(errors);
  try {
    const updated = await busy(ui.acceptForm, () =>
      client.replaceOrganizationInvitationStatus(
        invitation.id,
        { status: "Accepted", acceptedUserId: ui.acceptUser.value || null },
        { timeoutMs: REQUEST_TIMEOUT_MS },
      ),
    );
    ui.acceptDialog.close();
    notify(`${updated.invitee} joined ${organizationName(updated.organizationId)}: invitation accepted on behalf of ${userLabel(ui.acceptUser.value)}.`);
    highlightId = updated.id;
    await loadInvitations();
  } catch (error) {
    showError(`Could not accept the invitation to ${invitation.invitee}`, error, errors);
  }
}

function openSettings(): void {
  clearErrors(dialogErrors(ui.settingsDialog));
  ui.settingsBaseUrl.value = settings.baseUrl;
  ui.settingsToken.value = settings.token;
  ui.settingsDialog.showModal();
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

function wire(): void {
  ui.filters.addEventListener("submit", (event) => {
    event.preventDefault();
    void loadInvitations();
  });
  ui.filterOrganization.addEventListener("change", () => void loadInvitations());
  ui.filterInviter.addEventListener("change", () => void loadInvitations());
  // Logto matches the invitee exactly (ignoring case): filter on Enter or when leaving the field.
  ui.filterInvitee.addEventListener("change", () => void loadInvitations());
  ui.filterStatus.addEventListener("change", render); // applied in the page
  ui.clearFilters.addEventListener("click", clearFilters);
  ui.refresh.addEventListener("click", () => void refreshAll());

  ui.rows.addEventListener("click", (event) => {
    if (!(event.target instanceof Element)) return;
    const button = event.target.closest("button[data-action]");
    if (!(button instanceof HTMLButtonElement)) return;
    const invitation = invitations.find((i) => i.id === button.dataset.id);
    const action = button.dataset.action;
    if (invitation === undefined || action === undefined) return;
    void onRowAction(action, invitation);
  });

  ui.openInvite.addEventListener("click", openInvite);
  ui.inviteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void submitInvite();
  });
  ui.acceptForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void submitAccept();
  });
  ui.openSettings.addEventListener("click", openSettings);
  ui.settingsForm.addEventListener("submit", (event) => {
    event.preventDefault();
    submitSettings();
  });
  ui.settingsDefaults.addEventListener("click", () => {
    ui.settingsBaseUrl.value = DEFAULT_SETTINGS.baseUrl;
    ui.settingsToken.value = DEFAULT_SETTINGS.token;
  });
  for (const button of all(document, "dialog [data-close]", HTMLButtonElement)) {
    button.addEventListener("click", () => button.closest("dialog")?.close());
  }
  // Relative times stay current.
  window.setInterval(() => {
    if (listState === "ready") render();
  }, 30_000);
}

async function main(): Promise<void> {
  wire();
  // Optional (the package loads itself): loading first makes the constructor throw a bad saved
  // connection at once, which applySettings reports below.
  await init();
  const initial = loadSettings();
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
