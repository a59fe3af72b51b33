// The checks every compatibility scenario runs against the installed package, in a browser
// page, a worker, Node, Vitest or a Next.js route handler alike. The scenario's own code imports
// the package the way a user would and passes what it imported; tests/compat/run.mjs copies this
// file into each project. Nothing here calls init(): the package must load itself.
//
//   exercise(pkg, { api, refused }) -> { steps: [{ name, ok, detail }], notes: { ... } }
//   api:     the local Logto-compatible server's origin (token dev-token)
//   refused: a URL on which nothing listens (a refused connection)

export async function exercise(pkg, { api, refused }) {
  const { OrganizationInvitationsApi, LogtoApiError, isLogtoApiError, init } = pkg;
  const steps = [];
  const notes = {};
  const check = (name, ok, detail = "") => steps.push({ name, ok: Boolean(ok), detail: String(detail) });
  const rejection = (promise) => promise.then((value) => ({ resolved: value }), (error) => error);
  const admin = (method, path, body) =>
    fetch(`${api}${path}`, {
      method,
      headers: { Authorization: "Bearer dev-token", "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then((response) => response.json());

  try {
    check("isLogtoApiError before any client (no WebAssembly needed)", isLogtoApiError(new Error("x")) === false);
    const made = new LogtoApiError("stand-in", { kind: "http", status: 404, attempts: 1 });
    check("new LogtoApiError: instanceof, constructor.name", made instanceof LogtoApiError && made instanceof Error && made.constructor.name === "LogtoApiError" && isLogtoApiError(made), made.constructor.name);

    // No init(): the first client and call load the module.
    const client = new OrganizationInvitationsApi({ baseUrl: `${api}/`, accessToken: "dev-token" });
    check("baseUrl", client.baseUrl === api, client.baseUrl);
    const tag = `${Date.now()}${Math.floor(Math.random() * 1e6)}`;
    const org = await admin("POST", "/api/organizations", { name: `Compat ${tag}` });
    const created = await client.createOrganizationInvitation({
      invitee: `compat_${tag}@example.com`,
      organizationId: org.id,
      expiresAt: Date.now() + 86_400_000,
      messagePayload: false,
    });
    check("create (no init step)", created.status === "Pending" && created.organizationId === org.id, JSON.stringify(created));
    const fetched = await client.getOrganizationInvitation(created.id);
    check("get", fetched.id === created.id);
    const listed = await client.listOrganizationInvitations({ organizationId: org.id, invitee: undefined });
    check("list", listed.length === 1 && listed[0].id === created.id, listed.length);
    const revoked = await client.replaceOrganizationInvitationStatus(created.id, { status: "Revoked" });
    check("revoke", revoked.status === "Revoked");
    await client.deleteOrganizationInvitation(created.id);

    const missing = await rejection(client.getOrganizationInvitation(created.id));
    check("404: instanceof LogtoApiError, constructor.name, kind http with status", missing instanceof LogtoApiError && missing instanceof Error && missing.constructor.name === "LogtoApiError" && missing.kind === "http" && missing.status === 404 && missing.code === "entity.not_found", `${missing?.constructor?.name} ${missing?.kind} ${missing?.status} ${missing?.message}`);
    check("isLogtoApiError(rejection)", isLogtoApiError(missing));
    const wrong = await rejection(client.getOrganizationInvitation(42));
    check("invalid_input names the field", wrong instanceof LogtoApiError && wrong.kind === "invalid_input" && wrong.field === "id", wrong?.message);

    const unreachable = new OrganizationInvitationsApi({ baseUrl: refused, accessToken: "dev-token", retry: false });
    const network = await rejection(unreachable.listOrganizationInvitations());
    check("a refused connection: kind network", network instanceof LogtoApiError && network.kind === "network", network?.message);
    notes.refusedMessage = network?.message;
    notes.refusedCause = network?.cause === undefined ? undefined : `${network.cause}${network.cause?.cause ? ` (cause: ${network.cause.cause.code ?? network.cause.cause})` : ""}`;

    client.free();
    let thrown;
    try {
      client.free();
      client[Symbol.dispose]();
    } catch (error) {
      thrown = error;
    }
    check("free() twice, then [Symbol.dispose](): no-ops", thrown === undefined, thrown);
    const disposed = await rejection(client.listOrganizationInvitations());
    check("a call after free() rejects: invalid_input, field this", disposed instanceof LogtoApiError && disposed.kind === "invalid_input" && disposed.field === "this" && /disposed/.test(disposed.message), disposed?.message);
    check("baseUrl after free()", client.baseUrl === api, client.baseUrl);

    check("init() resolves with nothing, idempotent", (await init()) === undefined && (await init()) === undefined);
    let configError;
    try {
      new OrganizationInvitationsApi({ baseUrl: "ftp://auth.example.com" });
    } catch (error) {
      configError = error;
    }
    check("once loaded, a bad configuration throws from the constructor", configError instanceof LogtoApiError && configError.field === "config.baseUrl", configError?.message);
    let unparseable;
    try {
      new OrganizationInvitationsApi({ baseUrl: "http://localhost:30O1" });
    } catch (error) {
      unparseable = error;
    }
    check("a URL no platform can parse throws from the constructor", unparseable instanceof LogtoApiError && unparseable.kind === "invalid_input" && /not a URL this platform can parse/.test(unparseable.message), unparseable?.message);

    // Issue 20: a path as baseUrl is accepted wherever the module is evaluated; where there is no
    // page location (Node, a server render), its calls reject with the reason.
    const relative = new OrganizationInvitationsApi({ baseUrl: "/logto/" });
    if (typeof globalThis.location === "object" && globalThis.location !== null) {
      check("a path as baseUrl, with a page location", relative.baseUrl === "/logto", relative.baseUrl);
    } else {
      const noLocation = await rejection(relative.listOrganizationInvitations());
      check("a path as baseUrl without a page location: created, and a call rejects (invalid_input, config.baseUrl)", relative.baseUrl === "/logto" && noLocation instanceof LogtoApiError && noLocation.kind === "invalid_input" && noLocation.field === "config.baseUrl" && /no page location to resolve it against/.test(noLocation.message), noLocation?.message);
    }
    relative.free();

    // Issue 20: the forbidden request headers are refused only where fetch follows the browser's
    // rules (a page or a worker), not in Node, a server render or jsdom over Node's fetch.
    const inBrowser = typeof process === "undefined" || typeof process.versions?.node !== "string";
    let cookieError;
    try {
      new OrganizationInvitationsApi({ baseUrl: api, headers: { cookie: "a=b" } }).free();
    } catch (error) {
      cookieError = error;
    }
    check(inBrowser ? "a browser refuses a cookie header (config.headers)" : "outside a browser a cookie header is the caller's to send", inBrowser ? cookieError instanceof LogtoApiError && cookieError.field === "config.headers" : cookieError === undefined, cookieError?.message ?? "accepted");
  } catch (error) {
    check("no unexpected exception", false, `${error?.name}: ${error?.message}\n${error?.stack ?? ""}`);
  }
  return { steps, notes };
}
