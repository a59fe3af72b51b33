// The connection: which base URL and token the page's client uses (the "Connection" dialog, saved
// in localStorage), the client made for them, and the footer that says so. Owns the settings and
// the client; tells `onChange` when a new client replaces the old one.
import { OrganizationInvitationsApi } from "logto-invitations";
import packageInfo from "logto-invitations/package.json";
import { byId, el } from "../dom";
import { dialogErrors, onSubmit, type Dialogs } from "../dialogs";
import type { Messages } from "../messages";
import type { Session } from "../session";
import { DEFAULT_SETTINGS, describeConnection, saveSettings, type Settings } from "../settings";

/** Makes a client for these settings; the constructor rejects an unusable base URL. */
function connect(next: Settings): OrganizationInvitationsApi {
  const config = next.token === "" ? { baseUrl: next.baseUrl } : { baseUrl: next.baseUrl, accessToken: next.token };
  return new OrganizationInvitationsApi(config);
}

export class ConnectionScreen {
  private settingsNow: Settings = { ...DEFAULT_SETTINGS };
  private client: OrganizationInvitationsApi | null = null;
  private session: Session | null = null;
  private readonly open = byId("open-settings", HTMLButtonElement);
  private readonly dialog = byId("settings-dialog", HTMLDialogElement);
  private readonly form = byId("settings-form", HTMLFormElement);
  private readonly baseUrl = byId("settings-base-url", HTMLInputElement);
  private readonly token = byId("settings-token", HTMLInputElement);
  private readonly footer = byId("footer-line", HTMLParagraphElement);

  constructor(
    private readonly dialogs: Dialogs,
    private readonly messages: Messages,
    /** A new client is in place (the old one is freed): everything is loaded again. */
    private readonly onChange: () => void,
  ) {
    this.open.addEventListener("click", () => this.openDialog());
    onSubmit(this.form, () => this.submit());
    byId("settings-defaults", HTMLButtonElement).addEventListener("click", () => {
      this.baseUrl.value = DEFAULT_SETTINGS.baseUrl;
      this.token.value = DEFAULT_SETTINGS.token;
    });
  }

  /** The client for the current connection; null before one is made. */
  get api(): OrganizationInvitationsApi | null {
    return this.client;
  }

  get settings(): Readonly<Settings> {
    return this.settingsNow;
  }

  /** The base URL in use (the client's, normalised, once there is one). */
  get base(): string {
    return this.client?.baseUrl ?? this.settingsNow.baseUrl;
  }

  /** Who the page acts for: an admin's scoped view has no other connection to choose. */
  setSession(session: Session): void {
    this.session = session;
    this.open.hidden = session.view === "scoped";
  }

  /** Uses these settings: a new client, then `onChange`. Throws when the base URL is unusable. */
  apply(next: Settings): void {
    let client: OrganizationInvitationsApi;
    try {
      client = connect(next);
    } catch (error) {
      // The page still says which connection it tried.
      this.settingsNow = next;
      this.renderFooter();
      throw error;
    }
    this.client?.free();
    this.client = client;
    this.settingsNow = next;
    this.renderFooter();
    this.onChange();
  }

  openDialog(): void {
    this.messages.clearErrors(dialogErrors(this.dialog));
    this.baseUrl.value = this.settingsNow.baseUrl;
    this.token.value = this.settingsNow.token;
    this.dialogs.open(this.dialog, this.baseUrl);
  }

  /** The footer when there is no dashboard to connect (the sign-in screen instead). */
  renderPackageOnly(): void {
    this.footer.textContent = `${packageInfo.name} ${packageInfo.version} (Rust → WebAssembly)`;
  }

  private renderFooter(): void {
    const base = this.base;
    const session = this.session;
    this.footer.replaceChildren(
      el("strong", {}, `${packageInfo.name} ${packageInfo.version}`),
      " (Rust → WebAssembly) · base URL ",
      el("code", {}, base),
      ` · ${describeConnection(base, this.settingsNow.token)}`,
      session === null || session.mode === "none"
        ? ""
        : session.view === "scoped"
          ? " · scoped view: the proxy confines every request to organizationIds"
          : " · operator view: unscoped proxy",
    );
  }

  private submit(): void {
    const next: Settings = { baseUrl: this.baseUrl.value.trim() || DEFAULT_SETTINGS.baseUrl, token: this.token.value.trim() };
    try {
      connect(next).free();
    } catch (error) {
      this.messages.showError("This connection cannot be used", error, dialogErrors(this.dialog));
      return;
    }
    saveSettings(next);
    this.dialog.close();
    this.apply(next);
    this.messages.notify(`Connected to ${this.client?.baseUrl ?? next.baseUrl}.`);
  }
}
