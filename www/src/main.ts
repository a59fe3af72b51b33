// The organization-invitations dashboard: lists, filters and sorts (the view lives in the
// address), invites one or many, resends, marks accepted, revokes, renews and deletes through the
// `logto-invitations` package, offering per row only what the invitation's status allows, and
// shows every error as the package reports it (Logto's own answer when there was one). And the
// invitee's page, `/invitations/{id}` (the link in the invitation email).
//
// This file only wires the screens together; each screen (screens/*.ts, signin.ts) owns its
// elements and its state.
import init, { InvitationAcceptanceApi, isLogtoApiError } from "logto-invitations";
import { Dialogs } from "./dialogs";
import { Directory } from "./directory";
import { byId } from "./dom";
import { isAbort } from "./errors";
import { invitationIdFrom } from "./invitee";
import { LookupError } from "./lookups";
import { Messages } from "./messages";
import { AcceptScreen } from "./screens/accept";
import { BulkScreen } from "./screens/bulk";
import { ConnectionScreen } from "./screens/connection";
import type { DashboardContext } from "./screens/context";
import { InvitationScreen } from "./screens/invitation";
import { InviteScreen } from "./screens/invite";
import { ListScreen } from "./screens/list";
import { RenewScreen } from "./screens/renew";
import { loadSession, signOut } from "./session";
import { DEFAULT_SETTINGS, loadSettings } from "./settings";
import { SessionScreen } from "./signin";
import "./style.css";

/** Where `createInvitationAcceptance` is mounted (scripts/demo-server.mjs); not the page's path. */
const ACCEPTANCE_BASE_URL = "/api/invitations";

// After a sign-in or a sign-out the page starts again (on the same path), with nothing of the
// previous user's.
const sessionScreen = new SessionScreen(byId("signin", HTMLElement), byId("session-bar", HTMLDivElement), () => location.assign(location.pathname));

/** The invitee's page: the invitation, the sign-in when nobody is signed in, accepting it. */
async function startInvitationPage(id: string): Promise<void> {
  byId("main", HTMLElement).hidden = true;
  byId("topbar-actions", HTMLDivElement).hidden = true;
  byId("footer-line", HTMLParagraphElement).textContent = "";
  document.title = "Your invitation · logto-invitations demo";
  const root = byId("invitation", HTMLElement);
  await init();
  const session = await loadSession();
  sessionScreen.showBar(session);
  const user = session.user;
  const page = new InvitationScreen(root, {
    id,
    api: new InvitationAcceptanceApi({ baseUrl: ACCEPTANCE_BASE_URL }),
    signedInAs: user === null ? null : user.email === null ? user.label : `${user.label} (${user.email})`,
    signIn: () => sessionScreen.showInviteeSignIn(),
    switchUser:
      session.mode === "local"
        ? async () => {
            await signOut();
            location.assign(location.pathname);
          }
        : null,
    organizationHref: (organizationId) => `/?organizationId=${encodeURIComponent(organizationId)}`,
  });
  await page.load();
}

/** The dashboard: the list and its dialogs, for the signed-in admin (or the operator). */
async function startDashboard(): Promise<void> {
  const home = byId("list-title", HTMLHeadingElement);
  const messages = new Messages(byId("errors", HTMLDivElement), byId("notice", HTMLDivElement), home);
  const dialogs = new Dialogs(document, home);
  const directory = new Directory();
  const connection = new ConnectionScreen(dialogs, messages, () => {
    // Another connection: nothing of the previous one stays on screen.
    messages.clearErrors();
    list.reset();
    directory.clear();
    void refreshAll();
  });
  const list = new ListScreen({
    api: () => connection.api,
    directory,
    messages,
    dialogs,
    openAccept: (invitation) => accept.open(invitation),
    openRenew: (invitation) => renew.open(invitation),
  });
  const context: DashboardContext = { api: () => connection.api, directory, messages, dialogs, list };
  const invite = new InviteScreen(context);
  const bulk = new BulkScreen(context);
  const accept = new AcceptScreen(context);
  const renew = new RenewScreen(context);

  directory.onChange(() => {
    list.showLookups();
    invite.showLookups();
    bulk.showLookups();
    list.render();
  });
  byId("open-invite", HTMLButtonElement).addEventListener("click", () => invite.open());
  byId("open-bulk", HTMLButtonElement).addEventListener("click", () => bulk.open());
  byId("refresh", HTMLButtonElement).addEventListener("click", () => void refreshAll());

  /** Loads the lookups and the list together; a lookup failure is shown unless the list's says it all. */
  async function refreshAll(): Promise<void> {
    const [lookupError] = await Promise.all([directory.refresh(connection.api, connection.settings.token), list.load()]);
    if (lookupError === null || isAbort(lookupError)) return;
    // When Logto is unreachable, the package's error about the list already says it all.
    if ((lookupError instanceof LookupError || isLogtoApiError(lookupError)) && lookupError.kind === "network" && list.state === "failed") return;
    messages.showError("Could not load organizations, roles and users", lookupError);
  }

  try {
    // Optional (the package loads itself): loading first makes the constructor throw a bad saved
    // connection at once, which is reported below.
    await init();
    const session = await loadSession();
    sessionScreen.show(session);
    if (!sessionScreen.canShowDashboard) {
      // Nobody to act for yet: the sign-in (or why there is none) instead of the dashboard.
      byId("main", HTMLElement).hidden = true;
      byId("topbar-actions", HTMLDivElement).hidden = true;
      connection.renderPackageOnly();
      byId("signin-title", HTMLHeadingElement).focus();
      return;
    }
    // An organization's admin reaches Logto only through the scoped proxy: no other connection.
    const scoped = session.view === "scoped";
    connection.setSession(session);
    directory.setScope(scoped ? { kind: "organization", organizationIds: session.organizationIds } : { kind: "tenant" });
    const initial = scoped ? { ...DEFAULT_SETTINGS } : loadSettings();
    list.readAddress();
    try {
      connection.apply(initial);
    } catch (error) {
      list.fail();
      messages.showError("The saved connection cannot be used", error);
      connection.openDialog();
    }
  } catch (error) {
    list.fail();
    messages.showError("The dashboard could not start", error);
  }
}

const invitationId = invitationIdFrom(location.pathname);
if (invitationId === null) void startDashboard();
else
  startInvitationPage(invitationId).catch((error: unknown) => {
    // Not the package's error about the invitation (the page shows those): the page could not start.
    const root = byId("invitation", HTMLElement);
    root.hidden = false;
    root.textContent = `The invitation page could not start: ${error instanceof Error ? error.message : String(error)}`;
  });
