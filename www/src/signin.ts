// The sign-in screen and the session bar: who the page acts for. The screen owns its state (the
// session it shows, the request in flight); main.ts only decides when to show it.
//
// The development sign-in exists only with the bundled local server: it lists the seeded users
// (from the local server's data, read by the demo server with its own token) and "Operator
// (unscoped)". It sets a cookie, `demo_user`, that the page never sees (HttpOnly): it is the
// demo's, not a real session. With a real Logto there is no sign-in, and the screen says how a
// real app's session plugs into the proxy instead.
import { el } from "./dom";
import { signIn, signOut, type Session, type SignInChoice } from "./session";

export const NOT_A_SESSION = "Demo sign-in, not a real session";

export class SessionScreen {
  private session: Session | null = null;
  private pending = false;

  constructor(
    private readonly screen: HTMLElement,
    private readonly bar: HTMLElement,
    /** Called after a sign-in or sign-out: the page starts again for the new user. */
    private readonly restart: () => void,
  ) {}

  /** Whether the dashboard has someone to act for (else this screen stays in its place). */
  get canShowDashboard(): boolean {
    const session = this.session;
    if (session === null) return false;
    return session.view === "operator" || (session.view === "scoped" && session.organizationIds.length > 0);
  }

  show(session: Session): void {
    this.session = session;
    this.renderBar();
    if (session.view === "sign-in") this.renderSignIn(session.choices);
    else if (session.view === "unconfigured") this.renderUnconfigured();
    else if (session.view === "scoped" && session.organizationIds.length === 0) this.renderNoOrganization(session.user?.label ?? "This user");
    this.screen.hidden = this.canShowDashboard;
  }

  /** The invitation page: only the session bar (who is signed in); the page itself is not this screen's. */
  showBar(session: Session): void {
    this.session = session;
    this.renderBar();
  }

  /**
   * The invitation page's sign-in (its server answered 401): the invited person signs in, and the
   * page starts again, back on the invitation.
   */
  showInviteeSignIn(): void {
    const session = this.session;
    const status = el("p", { class: "signin-status", role: "alert" });
    const title = el("h2", { id: "signin-title", tabindex: "-1" }, "Sign in to see your invitation");
    const parts: (Node | string)[] = [];
    if (session?.mode === "local" && session.view === "sign-in") {
      parts.push(
        el(
          "p",
          { class: "signin-warning" },
          el("strong", {}, `${NOT_A_SESSION}.`),
          " Pick the invited person's account: the one whose primary email received the invitation. The demo's server sets the cookie ",
          el("code", {}, "demo_user"),
          " and gives the invitation endpoint that user's ID; a real app uses its own Logto sign-in here.",
        ),
        el("ul", { class: "signin-list", "aria-label": "Seeded users" }, ...session.choices.map((c) => this.inviteeButton(c, status))),
      );
    } else if (session?.mode === "local") {
      // The operator is nobody's account (or the sign-in did not reach the endpoint): switch to a person first.
      const switcher = el("button", { type: "button", class: "btn btn-ghost", id: "invitee-sign-out" }, "Switch user");
      switcher.addEventListener("click", () => void this.run(signOut, status));
      const why =
        session.view === "operator"
          ? "You are signed in as the operator, which is no person's account."
          : "The invitation endpoint did not receive your sign-in (open the link on the host you signed in on).";
      parts.push(el("p", {}, `${why} Switch user and sign in as the invited person.`), el("p", {}, switcher));
    } else {
      parts.push(
        el(
          "p",
          {},
          "This demo runs against a real Logto and has no sign-in of its own. In a real app the invitation endpoint's ",
          el("code", {}, "userId"),
          " comes from the app's Logto sign-in (the signed-in user's ",
          el("code", {}, "sub"),
          "); sign in there, then open the link again. See the repository README, \"The invitee's side in the demo\".",
        ),
      );
    }
    this.screen.replaceChildren(el("section", { class: "card signin", "aria-labelledby": "signin-title" }, title, ...parts, status));
    this.screen.hidden = false;
    title.focus();
  }

  private inviteeButton(choice: SignInChoice, status: HTMLElement): HTMLElement {
    const button = el(
      "button",
      { type: "button", class: "signin-choice", "data-user-id": choice.id },
      el("span", { class: "signin-name" }, choice.label),
      el("span", { class: "signin-detail" }, choice.email ?? "no email"),
    );
    button.addEventListener("click", () => void this.run(() => signIn({ userId: choice.id }), status));
    return el("li", {}, button);
  }

  private renderNoOrganization(who: string): void {
    this.screen.replaceChildren(
      el(
        "section",
        { class: "card signin", "aria-labelledby": "signin-title" },
        el("h2", { id: "signin-title", tabindex: "-1" }, "Nothing to manage"),
        el("p", {}, `${who} is not an admin of any organization, so the proxy's scope is empty: it would refuse every invitation request (403 proxy.out_of_scope). Switch user to sign in as an organization's admin.`),
      ),
    );
  }

  private async run(work: () => Promise<void>, status: HTMLElement): Promise<void> {
    if (this.pending) return;
    this.pending = true;
    try {
      await work();
      this.restart();
    } catch (error) {
      status.textContent = error instanceof Error ? error.message : String(error);
    } finally {
      this.pending = false;
    }
  }

  private renderBar(): void {
    const session = this.session;
    if (session === null || session.mode === "none") {
      this.bar.hidden = true;
      return;
    }
    // Not role="status": the page's notices are its status region.
    const status = el("span", { class: "visually-hidden", "aria-live": "polite" });
    const parts: (Node | string)[] = [];
    if (session.mode === "local" && (session.view === "scoped" || session.view === "operator")) {
      const who = session.view === "operator" ? "Operator (unscoped)" : (session.user?.label ?? "?");
      const switcher = el("button", { type: "button", class: "btn btn-link btn-small", id: "sign-out" }, "Switch user");
      switcher.addEventListener("click", () => void this.run(signOut, status));
      parts.push(
        el("span", { class: "session-who" }, "Signed in as ", el("strong", {}, who)),
        el("span", { class: "session-note" }, `${NOT_A_SESSION} (cookie demo_user)`),
        switcher,
      );
    } else if (session.mode === "logto" && session.view === "scoped") {
      parts.push(el("span", { class: "session-note" }, `Scoped to DEMO_ORGANIZATION_IDS (${session.organizationIds.join(", ")}): a real app takes organizationIds from its session`));
    } else if (session.mode === "logto") {
      parts.push(el("span", { class: "session-note" }, "Real Logto: no demo sign-in"));
    }
    this.bar.replaceChildren(...parts, status);
    this.bar.hidden = parts.length === 0;
  }

  private choiceButton(choice: SignInChoice, status: HTMLElement): HTMLElement {
    const scope =
      choice.adminOf.length === 0
        ? "not an admin of any organization: nothing to manage"
        : `admin of ${choice.adminOf.map((o) => o.name).join(", ")}`;
    const button = el(
      "button",
      { type: "button", class: "signin-choice", "data-user-id": choice.id },
      el("span", { class: "signin-name" }, choice.label),
      el("span", { class: "signin-detail" }, `${choice.email ?? "no email"} · ${scope}`),
    );
    button.addEventListener("click", () => void this.run(() => signIn({ userId: choice.id }), status));
    return el("li", {}, button);
  }

  private renderSignIn(choices: SignInChoice[]): void {
    const status = el("p", { class: "signin-status", role: "alert" });
    const operator = el(
      "button",
      { type: "button", class: "signin-choice signin-operator", "data-operator": "true" },
      el("span", { class: "signin-name" }, "Operator (unscoped)"),
      el("span", { class: "signin-detail" }, "every organization, through a second, unscoped proxy: an operator's tool, not a customer's view"),
    );
    operator.addEventListener("click", () => void this.run(() => signIn({ operator: true }), status));
    this.screen.replaceChildren(
      el(
        "section",
        { class: "card signin", "aria-labelledby": "signin-title" },
        el("h2", { id: "signin-title", tabindex: "-1" }, "Sign in to the demo"),
        el(
          "p",
          { class: "signin-warning" },
          el("strong", {}, `${NOT_A_SESSION}.`),
          " Pick who you are: the demo's server sets a cookie, ",
          el("code", {}, "demo_user"),
          ", that only it reads, and confines the proxy to the organizations that user administers. Anyone at this machine can pick anyone; a real app uses its own session here.",
        ),
        el("h3", {}, "An organization's admin (scoped)"),
        el("ul", { class: "signin-list", "aria-label": "Seeded users" }, ...choices.map((c) => this.choiceButton(c, status))),
        el("h3", {}, "The operator"),
        el("ul", { class: "signin-list", "aria-label": "Operator" }, el("li", {}, operator)),
        status,
      ),
    );
  }

  private renderUnconfigured(): void {
    this.screen.replaceChildren(
      el(
        "section",
        { class: "card signin", "aria-labelledby": "signin-title" },
        el("h2", { id: "signin-title", tabindex: "-1" }, "Your app's session decides"),
        el(
          "p",
          {},
          "This demo runs against a real Logto, so it has no demo sign-in and no unscoped operator view: the proxy refuses every request (401) until a session says which organizations it may act in.",
        ),
        el(
          "p",
          {},
          "In a real app, give the proxy ",
          el("code", {}, "organizationIds: async (request) => (await getSession(request)).adminOf"),
          " (the organizations your session's user administers; throw ",
          el("code", {}, "new Response(null, { status: 401 })"),
          " without a session). To try the scoped view here, restart with ",
          el("code", {}, "DEMO_ORGANIZATION_IDS=org_1,org_2"),
          ".",
        ),
      ),
    );
  }
}
