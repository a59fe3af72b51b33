// Unit tests of the dashboard's pure modules: which actions a status allows, renew, bulk invite
// (parsing, the concurrency limit, cancellation, classification of Logto's answers) and the view
// kept in the address. Run with `npm run test:unit` (in `npm run build` too). The page itself,
// with the real package and the local Logto-compatible server, is tested by
// tests/e2e/dashboard.mjs.
import type {
  CreateOrganizationInvitationRequest,
  LogtoApiError,
  OrganizationInvitation,
  OrganizationInvitationsApi,
  OrganizationInvitationStatus,
  RequestOptions,
  SendMessagePayload,
} from "logto-invitations";
import { actionsFor } from "../src/actions";
import { classifyCreateFailure, fieldsAtFault, validationIssues, type ErrorFacts } from "../src/answers";
import { bulkInvite, parseAddresses, runLimited, tally, type BulkResult } from "../src/bulk";
import { createInvitation, sendInvitationEmail } from "../src/invitation-email";
import { invitationIdFrom, invitationLink, invitationState, inviteeFailure } from "../src/invitee";
import { renewInvitation } from "../src/renew";
import { parseSession } from "../src/session";
import { applyView, EMPTY_VIEW, readView, sortedColumn, writeView, type View } from "../src/view";
import { equal, ok, rejects, run, test } from "./harness";

// ----- fixtures -------------------------------------------------------------------------------

/**
 * Logto's error bodies for a create, as a real Logto 1.42 answered them
 * (tests/fixtures/logto/real-server-transcript-1.txt).
 */
const LOGTO = {
  duplicatePending: { status: 422, code: "entity.unique_integrity_violation", message: "The entity already exists. Please check the input and try again." },
  alreadyMember: { status: 422, code: "request.invalid_input", message: "Input is invalid. The invitee is already a member of the organization." },
  notAnEmail: {
    status: 400,
    code: "guard.invalid_input",
    message: "The request body is invalid.",
    details: 'Error in key path "invitee": (invalid_string) Invalid email',
    data: { issues: [{ validation: "email", code: "invalid_string", message: "Invalid email", path: ["invitee"] }], name: "ZodError" },
  },
  pastExpiry: { status: 400, code: "request.invalid_input", message: "Input is invalid. The value of `expiresAt` must be in the future." },
  missingExpiry: {
    status: 400,
    code: "guard.invalid_input",
    message: "The request body is invalid.",
    data: { issues: [{ code: "invalid_type", expected: "number", received: "undefined", path: ["expiresAt"], message: "Required" }], name: "ZodError" },
  },
  rateLimited: { status: 429, code: "request.message_rate_limited", message: "Too many messages sent to this recipient. Please try again later." },
  noConnector: { status: 501, code: "connector.not_found", message: "Cannot find any available connector for type: Email." },
} as const;

/** A `LogtoApiError` as the package builds one (a real Error with Logto's members). */
function apiError(facts: Partial<ErrorFacts> & { kind?: LogtoApiError["kind"] }): LogtoApiError {
  const error = new Error(facts.message ?? "failed") as LogtoApiError;
  Object.assign(error, { kind: "http", ...facts });
  error.name = "LogtoApiError";
  return error;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

let nextId = 0;
function invitation(overrides: Partial<OrganizationInvitation> = {}): OrganizationInvitation {
  nextId += 1;
  return {
    tenantId: "default",
    id: `inv${nextId}`,
    inviterId: "usr_alice",
    invitee: `person${nextId}@example.com`,
    acceptedUserId: null,
    organizationId: "org_acme",
    status: "Pending",
    createdAt: 1_000 * nextId,
    updatedAt: 1_000 * nextId,
    expiresAt: 10_000_000,
    organizationRoles: [],
    ...overrides,
  };
}

/** A deferred promise, to hold calls in flight. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

// ----- actions by status ----------------------------------------------------------------------

test("Pending offers resend, revoke, delete and (in the menu) mark accepted", () => {
  const specs = actionsFor("Pending");
  equal(
    specs.map((s) => [s.action, s.available, s.inMenu === true]),
    [
      ["resend", true, false],
      ["revoke", true, false],
      ["delete", true, false],
      ["accept", true, true],
    ],
  );
});

test("Accepted offers delete only; renew is shown unavailable with a reason", () => {
  const specs = actionsFor("Accepted");
  equal(specs.filter((s) => s.available).map((s) => s.action), ["delete"]);
  const renew = specs.find((s) => s.action === "renew");
  ok(renew !== undefined && !renew.available && (renew.reason ?? "").includes("already a member"), "renew says why it is unavailable");
});

test("Revoked and Expired offer renew and delete, nothing else", () => {
  for (const status of ["Revoked", "Expired"] as const) {
    equal(
      actionsFor(status).map((s) => [s.action, s.available]),
      [
        ["renew", true],
        ["delete", true],
      ],
      status,
    );
  }
});

test("only Pending offers a status change or a resend", () => {
  const statuses: OrganizationInvitationStatus[] = ["Pending", "Accepted", "Revoked", "Expired"];
  for (const status of statuses) {
    const live = actionsFor(status)
      .filter((s) => s.available)
      .map((s) => s.action);
    const changes = live.filter((a) => a === "revoke" || a === "accept" || a === "resend");
    equal(changes.length > 0, status === "Pending", status);
  }
});

// ----- classification of Logto's answers ------------------------------------------------------

test("create failures are classified from Logto's answer", () => {
  equal(classifyCreateFailure(apiError(LOGTO.duplicatePending)), "already_pending");
  equal(classifyCreateFailure(apiError(LOGTO.alreadyMember)), "already_member");
  equal(classifyCreateFailure(apiError(LOGTO.notAnEmail)), "not_an_email");
  equal(classifyCreateFailure(apiError(LOGTO.pastExpiry)), "expiry_not_in_future");
  equal(classifyCreateFailure(apiError(LOGTO.rateLimited)), "rate_limited");
  equal(classifyCreateFailure(apiError(LOGTO.noConnector)), "refused");
  equal(classifyCreateFailure(apiError(LOGTO.missingExpiry)), "refused", "a guard error on another key is not 'not an email'");
  equal(classifyCreateFailure(apiError({ kind: "network", message: "no answer" })), "no_answer");
  equal(classifyCreateFailure(apiError({ kind: "timeout", message: "too slow" })), "no_answer");
  equal(classifyCreateFailure(apiError({ kind: "decode", status: 201, message: "odd body" })), "no_answer");
  equal(classifyCreateFailure(apiError({ kind: "invalid_input", field: "expiresAt", message: "not a number" })), "refused");
  equal(classifyCreateFailure(new TypeError("not the package's")), "refused");
});

test("the ZodError's issues name the fields at fault", () => {
  equal(validationIssues(apiError(LOGTO.notAnEmail)), [{ path: ["invitee"], message: "Invalid email" }]);
  equal([...fieldsAtFault(apiError(LOGTO.notAnEmail))], [["invitee", "Invalid email"]]);
  equal([...fieldsAtFault(apiError(LOGTO.missingExpiry))], [["expiresAt", "Required"]]);
  equal([...fieldsAtFault(apiError(LOGTO.duplicatePending))], []);
  equal(validationIssues(apiError({ ...LOGTO.notAnEmail, data: "not an object" })), [], "a malformed data member is ignored");
});

// ----- bulk invite: parsing -------------------------------------------------------------------

test("addresses split on commas, semicolons, spaces and new lines", () => {
  const parsed = parseAddresses(" ana@example.com,ben@example.com;\tchen@example.com\n\ndia@example.com  eve@example.com,, ");
  equal(parsed.addresses, ["ana@example.com", "ben@example.com", "chen@example.com", "dia@example.com", "eve@example.com"]);
  equal(parsed.entries, 5);
  equal(parsed.duplicates, []);
});

test("duplicates are folded ignoring case, the first spelling kept", () => {
  const parsed = parseAddresses("Ana@Example.com\nana@example.com, ANA@EXAMPLE.COM ben@example.com Ben@example.com");
  equal(parsed.addresses, ["Ana@Example.com", "ben@example.com"]);
  equal(parsed.entries, 5);
  equal(parsed.duplicates, ["ana@example.com", "ANA@EXAMPLE.COM", "Ben@example.com"]);
});

test("angle brackets and quotes around an entry are dropped; syntax is left to Logto", () => {
  const parsed = parseAddresses('"Ana" <ana@example.com>, not-an-email, @, x@');
  equal(parsed.addresses, ["Ana", "ana@example.com", "not-an-email", "@", "x@"]);
  equal(parseAddresses("  \n , ; ").addresses, []);
});

// ----- bulk invite: concurrency and cancellation ----------------------------------------------

test("runLimited keeps at most 4 calls in flight and runs every item once", async () => {
  const items = Array.from({ length: 23 }, (_, i) => i);
  let inFlight = 0;
  let most = 0;
  const seen: number[] = [];
  const { started } = await runLimited(items, 4, new AbortController().signal, async (item) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    seen.push(item);
    await new Promise((resolve) => setTimeout(resolve, item % 3));
    inFlight -= 1;
  });
  equal(most, 4, "most in flight");
  equal(started, 23);
  equal(
    [...seen].sort((a, b) => a - b),
    items,
    "every item once",
  );
});

test("aborting stops what has not started; what is in flight finishes", async () => {
  const holds = Array.from({ length: 10 }, () => deferred<void>());
  const begun: number[] = [];
  const finished: number[] = [];
  const controller = new AbortController();
  const done = runLimited(holds, 4, controller.signal, async (hold, index) => {
    begun.push(index);
    await hold.promise;
    finished.push(index);
  });
  await tick();
  equal(begun, [0, 1, 2, 3], "four start at once");
  holds[0]?.resolve();
  await tick();
  equal(begun, [0, 1, 2, 3, 4], "the fifth starts when one ends");
  controller.abort();
  for (const hold of holds) hold.resolve();
  const { started } = await done;
  equal(started, 5, "nothing started after the abort");
  equal(
    [...finished].sort((a, b) => a - b),
    [0, 1, 2, 3, 4],
    "the calls in flight ran to their end",
  );
});

/**
 * A fake client whose answers are scripted per invitee (the rest are created), and whose email
 * sends are scripted per invitee too (the rest are sent).
 */
function scriptedClient(answers: Record<string, LogtoApiError>, delayMs = 0, emailAnswers: Record<string, LogtoApiError> = {}) {
  const calls: CreateOrganizationInvitationRequest[] = [];
  const sends: { id: string; link: string }[] = [];
  const invitees = new Map<string, string>();
  let inFlight = 0;
  let most = 0;
  const client: Pick<OrganizationInvitationsApi, "createOrganizationInvitation" | "createOrganizationInvitationMessage"> = {
    async createOrganizationInvitation(request: CreateOrganizationInvitationRequest, _options?: RequestOptions) {
      calls.push(request);
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      inFlight -= 1;
      const answer = answers[request.invitee.toLowerCase()];
      if (answer !== undefined) throw answer;
      const created = invitation({ invitee: request.invitee, organizationId: request.organizationId, expiresAt: request.expiresAt });
      invitees.set(created.id, request.invitee.toLowerCase());
      return created;
    },
    async createOrganizationInvitationMessage(id: string, payload: SendMessagePayload) {
      sends.push({ id, link: String(payload.link) });
      const answer = emailAnswers[invitees.get(id) ?? ""];
      if (answer !== undefined) throw answer;
    },
  };
  return { client, calls, sends, invitees, most: () => most };
}

test("bulk invite: 50 entries with 5 bad and 5 repeats, each classified from Logto's answer; each email links to its own invitation", async () => {
  const good = Array.from({ length: 37 }, (_, i) => `user${i}@example.com`);
  const bad = ["not-an-email", "x@", "@example.com", "two@@example.com", "plain"];
  const special = ["pending@example.com", "member@example.com", "busy@example.com"];
  const repeats = ["USER0@example.com", "User1@Example.com", "user2@EXAMPLE.com", "NOT-AN-EMAIL", "Pending@Example.com"];
  const text = [...good, ...bad, ...special, ...repeats].join(",\n");
  const parsed = parseAddresses(text);
  equal(parsed.entries, 50);
  equal(parsed.addresses.length, 45);
  equal(parsed.duplicates.length, 5);

  const answers: Record<string, LogtoApiError> = {
    "pending@example.com": apiError(LOGTO.duplicatePending),
    "member@example.com": apiError(LOGTO.alreadyMember),
  };
  for (const address of bad) answers[address] = apiError(LOGTO.notAnEmail);
  // The create carries no email, so the rate limit is the send's answer: the invitation exists.
  const { client, calls, sends, invitees, most } = scriptedClient(answers, 1, { "busy@example.com": apiError(LOGTO.rateLimited) });
  const seen: BulkResult[] = [];
  const results = await bulkInvite(
    client,
    parsed.addresses,
    { organizationId: "org_acme", expiresAt: 5_000, organizationRoleIds: ["role_member"], inviterId: "usr_alice" },
    { signal: new AbortController().signal, onResult: (result) => seen.push(result), link: (id) => `https://app.example/invitations/${id}` },
  );
  equal(calls.length, 45, "one create per address, none repeated");
  equal(new Set(calls.map((c) => c.invitee.toLowerCase())).size, 45);
  ok(calls.every((c) => c.organizationId === "org_acme" && c.expiresAt === 5_000 && c.inviterId === "usr_alice"), "the template is used");
  ok(calls.every((c) => c.messagePayload === undefined), "no create carries an email");
  equal(sends.length, 38, "one email per new invitation (37 and busy), none for a refused create");
  ok(sends.every((s) => s.link === `https://app.example/invitations/${s.id}` && invitees.has(s.id)), "each link names its own invitation");
  equal(most(), 4, "at most 4 in flight");
  equal(tally(results), {
    created: 37,
    email_not_sent: 1,
    already_pending: 1,
    already_member: 1,
    not_an_email: 5,
    rate_limited: 0,
    no_answer: 0,
    refused: 0,
    cancelled: 0,
  });
  equal(seen.length, 45, "each result is reported as it settles");
  const notEmail = results.find((r) => r.address === "x@");
  equal([notEmail?.outcome, notEmail?.status, notEmail?.code, notEmail?.message], ["not_an_email", 400, "guard.invalid_input", "The request body is invalid."]);
  const busy = results.find((r) => r.address === "busy@example.com");
  equal([busy?.outcome, busy?.status, busy?.code], ["email_not_sent", 429, "request.message_rate_limited"]);
  ok(busy?.invitation !== undefined && busy.link === `https://app.example/invitations/${busy.invitation.id}`, "the invitation is kept, with its link");
});

test("bulk invite: a failure with no answer is never retried", async () => {
  const { client, calls } = scriptedClient({ "lost@example.com": apiError({ kind: "network", message: "The server is unreachable" }) });
  const results = await bulkInvite(client, ["lost@example.com", "ok@example.com"], { organizationId: "o", expiresAt: 1 }, { signal: new AbortController().signal, link: null });
  equal(
    results.map((r) => r.outcome),
    ["no_answer", "created"],
  );
  equal(calls.filter((c) => c.invitee === "lost@example.com").length, 1, "sent once");
});

test("bulk invite: cancelling leaves the rest unsent and reports them", async () => {
  const addresses = Array.from({ length: 12 }, (_, i) => `c${i}@example.com`);
  const controller = new AbortController();
  const { client, calls } = scriptedClient({}, 20);
  const pending = bulkInvite(client, addresses, { organizationId: "o", expiresAt: 1 }, { signal: controller.signal, link: null });
  await tick();
  controller.abort();
  const results = await pending;
  equal(calls.length, 4, "only the first four were sent");
  equal(
    results.map((r) => r.outcome),
    [...Array(4).fill("created"), ...Array(8).fill("cancelled")],
  );
});

// ----- renew ----------------------------------------------------------------------------------

function renewClient(createError?: LogtoApiError, deleteError?: LogtoApiError, emailError?: LogtoApiError) {
  const log: string[] = [];
  const created: CreateOrganizationInvitationRequest[] = [];
  const client: Pick<OrganizationInvitationsApi, "createOrganizationInvitation" | "createOrganizationInvitationMessage" | "deleteOrganizationInvitation"> = {
    async createOrganizationInvitation(request: CreateOrganizationInvitationRequest) {
      log.push(`create ${request.invitee}`);
      created.push(request);
      if (createError !== undefined) throw createError;
      return invitation({
        invitee: request.invitee,
        organizationId: request.organizationId,
        inviterId: request.inviterId ?? null,
        expiresAt: request.expiresAt,
      });
    },
    async createOrganizationInvitationMessage(id: string, payload: SendMessagePayload) {
      log.push(`email ${id} ${String(payload.link)}`);
      if (emailError !== undefined) throw emailError;
    },
    async deleteOrganizationInvitation(id: string) {
      log.push(`delete ${id}`);
      if (deleteError !== undefined) throw deleteError;
    },
  };
  return { client, log, created };
}

const expired = invitation({
  id: "inv_old",
  invitee: "Judy@Example.com",
  organizationId: "org_globex",
  inviterId: "usr_carol",
  status: "Expired",
  organizationRoles: [
    { id: "role_admin", name: "admin" },
    { id: "role_viewer", name: "viewer" },
  ],
});

test("renew creates the same invitation with a fresh expiry, then deletes the old one", async () => {
  const { client, log, created } = renewClient();
  const result = await renewInvitation(client, expired, { expiresAt: 9_999, link: (id) => `https://app.example/invitations/${id}`, previous: "delete" });
  const id = result.invitation.id;
  equal(log, ["create Judy@Example.com", `email ${id} https://app.example/invitations/${id}`, "delete inv_old"], "create, its email with its own link, then delete");
  equal(created[0], {
    invitee: "Judy@Example.com",
    organizationId: "org_globex",
    inviterId: "usr_carol",
    organizationRoleIds: ["role_admin", "role_viewer"],
    expiresAt: 9_999,
  });
  equal(result.email, { outcome: "sent", link: `https://app.example/invitations/${id}` });
  equal(result.previous, { outcome: "deleted" });
  equal(result.invitation.expiresAt, 9_999);
});

test("renew can keep the old invitation", async () => {
  const { client, log } = renewClient();
  const result = await renewInvitation(client, expired, { expiresAt: 9_999, link: null, previous: "keep" });
  equal(log, ["create Judy@Example.com"]);
  equal(result.previous, { outcome: "kept" });
});

test("renew removes nothing when Logto refuses the new invitation", async () => {
  const refusal = apiError(LOGTO.duplicatePending);
  const { client, log } = renewClient(refusal);
  await rejects(renewInvitation(client, expired, { expiresAt: 9_999, link: null, previous: "delete" }), (error) => {
    equal(error === refusal, true, "rejects with Logto's answer itself");
  });
  equal(log, ["create Judy@Example.com"], "no delete");
});

test("renew keeps the new invitation when its email fails (Logto's 501), and says so", async () => {
  const noConnector = apiError({ status: 501, code: "connector.not_found", message: "Cannot find any available connector for type: Email." });
  const { client, log } = renewClient(undefined, undefined, noConnector);
  const result = await renewInvitation(client, expired, { expiresAt: 9_999, link: (id) => `https://app.example/invitations/${id}`, previous: "delete" });
  ok(result.email.outcome === "failed" && result.email.error === noConnector, "the send's error is kept");
  equal(log.length, 3, "create, email, then the old one deleted all the same");
  equal(result.previous, { outcome: "deleted" });
});

test("renew reports a failed delete without losing the new invitation", async () => {
  const gone = apiError({ status: 404, code: "entity.not_found", message: "The resource does not exist." });
  const { client } = renewClient(undefined, gone);
  const result = await renewInvitation(client, expired, { expiresAt: 9_999, link: null, previous: "delete" });
  equal(result.previous.outcome, "delete_failed");
  ok(result.previous.outcome === "delete_failed" && result.previous.error === gone, "the delete's error is kept");
  equal(result.invitation.invitee, "Judy@Example.com");
});

// ----- the invitation email: create, then send with the new ID's link ------------------------

test("an invite is created without messagePayload, then its email names the new invitation", async () => {
  const { client, calls, sends } = scriptedClient({});
  const result = await createInvitation(client, { invitee: "ana@example.com", organizationId: "o", expiresAt: 1 }, (id) => `https://app.example/invitations/${id}`);
  equal(calls.length, 1);
  ok(calls[0]?.messagePayload === undefined, "no email with the create");
  equal(sends, [{ id: result.invitation.id, link: `https://app.example/invitations/${result.invitation.id}` }]);
  equal(result.email, { outcome: "sent", link: `https://app.example/invitations/${result.invitation.id}` });
  const silent = await createInvitation(client, { invitee: "bo@example.com", organizationId: "o", expiresAt: 1 }, null);
  equal([silent.email.outcome, sends.length], ["not_requested", 1], "no link: no email");
});

test("a failed email (Logto's 501 or 429) leaves the invitation and says why; a refused create rejects", async () => {
  const noConnector = apiError({ status: 501, code: "connector.not_found", message: "Cannot find any available connector for type: Email." });
  const { client } = scriptedClient({ "bad@example.com": apiError(LOGTO.notAnEmail) }, 0, { "ana@example.com": noConnector });
  const result = await createInvitation(client, { invitee: "ana@example.com", organizationId: "o", expiresAt: 1 }, (id) => `/invitations/${id}`);
  ok(result.email.outcome === "failed" && result.email.error === noConnector && result.invitation.invitee === "ana@example.com", "the invitation, and the send's error");
  await rejects(createInvitation(client, { invitee: "bad@example.com", organizationId: "o", expiresAt: 1 }, (id) => `/invitations/${id}`), (error) => {
    equal(errorCode(error), "guard.invalid_input", "the create's own error");
  });
  const again = await sendInvitationEmail(client, result.invitation.id, "/invitations/x");
  ok(again.outcome === "failed" && again.error === noConnector, "sending again never rejects either");
});

// ----- the invitee's side ----------------------------------------------------------------------

test("the invitation page's path names one invitation; its link is built from the ID", () => {
  equal(invitationIdFrom("/invitations/inv_1"), "inv_1");
  equal(invitationIdFrom("/invitations/inv_1/"), "inv_1", "a trailing slash");
  equal(invitationIdFrom("/invitations/a%20b"), "a b", "decoded");
  for (const other of ["/", "/invitations", "/invitations/", "/invitations/a/b", "/invitations/%E0%A4%A", "/api/invitations/inv_1", "/join"]) {
    equal(invitationIdFrom(other), null, other);
  }
  equal(invitationLink("https://app.example", "inv_1"), "https://app.example/invitations/inv_1");
  equal(invitationIdFrom(new URL(invitationLink("https://app.example", "a/b?c")).pathname), "a/b?c", "round trip of an odd ID");
});

test("the invitation page offers accepting only while the invitation is open", () => {
  equal(invitationState({ status: "Pending", expiresAt: 2_000 }, 1_000), "open");
  equal(invitationState({ status: "Pending", expiresAt: 1_000 }, 1_000), "expired", "Pending past its expiry");
  equal(invitationState({ status: "Expired", expiresAt: 9_000 }, 1_000), "expired");
  equal(invitationState({ status: "Revoked", expiresAt: 9_000 }, 1_000), "revoked");
  equal(invitationState({ status: "Accepted", expiresAt: 0 }, 1_000), "accepted");
});

test("the acceptance endpoint's answers, as the page reads them", () => {
  const http = (status: number, code: string) => apiError({ status, code, message: code });
  equal(inviteeFailure(http(401, "proxy.unauthenticated")), "sign_in");
  equal(inviteeFailure(http(404, "entity.not_found")), "not_found");
  equal(inviteeFailure(http(410, "proxy.invitation_expired")), "expired");
  equal(inviteeFailure(http(410, "proxy.invitation_revoked")), "revoked");
  equal(inviteeFailure(http(409, "proxy.invitation_accepted")), "accepted");
  equal(inviteeFailure(http(502, "proxy.logto_unreachable")), "other");
  equal(inviteeFailure(apiError({ kind: "network", message: "unreachable" })), "other");
  equal(inviteeFailure(new Error("not the package's")), "other");
});

// ----- the view in the address ----------------------------------------------------------------

test("the view reads from and writes to the query string, other parameters kept", () => {
  const view = readView("?organizationId=org_1&inviterId=usr_2&invitee=Ana%40Example.com&status=Expired&sort=expiry-asc&lang=fr");
  equal(view, { organizationId: "org_1", inviterId: "usr_2", invitee: "Ana@Example.com", status: "Expired", sort: "expiry-asc" });
  equal(writeView(view, "?lang=fr&status=Pending"), "?lang=fr&organizationId=org_1&inviterId=usr_2&invitee=Ana%40Example.com&status=Expired&sort=expiry-asc");
  equal(readView(writeView(view, "")), view, "round trip");
});

test("defaults are left out of the address; unknown statuses and sorts read as defaults", () => {
  equal(writeView({ ...EMPTY_VIEW }, "?organizationId=x&sort=invitee-asc"), "");
  equal(readView("?status=Deleted&sort=random"), { ...EMPTY_VIEW });
  equal(readView(""), { ...EMPTY_VIEW });
});

test("status filter and sorts apply in the page; ties keep Logto's order", () => {
  const list = [
    invitation({ id: "a", invitee: "bob@example.com", status: "Pending", createdAt: 30, expiresAt: 300 }),
    invitation({ id: "b", invitee: "Ana@example.com", status: "Expired", createdAt: 20, expiresAt: 100 }),
    invitation({ id: "c", invitee: "carl@example.com", status: "Pending", createdAt: 10, expiresAt: 200 }),
    invitation({ id: "d", invitee: "ana@example.com", status: "Revoked", createdAt: 5, expiresAt: 200 }),
  ];
  const ids = (v: Partial<View>): string[] => applyView(list, { ...EMPTY_VIEW, ...v }).map((i) => i.id);
  equal(ids({}), ["a", "b", "c", "d"]);
  equal(ids({ status: "Pending" }), ["a", "c"]);
  equal(ids({ sort: "created-asc" }), ["d", "c", "b", "a"]);
  equal(ids({ sort: "expiry-asc" }), ["b", "c", "d", "a"]);
  equal(ids({ sort: "expiry-desc" }), ["a", "c", "d", "b"]);
  equal(ids({ sort: "invitee-asc" }), ["b", "d", "a", "c"], "case-insensitive, ties newest first");
  equal(ids({ sort: "invitee-desc" }), ["c", "a", "b", "d"]);
  equal(ids({ status: "Pending", sort: "invitee-desc" }), ["c", "a"]);
  equal(list.map((i) => i.id), ["a", "b", "c", "d"], "the list itself is not reordered");
  equal(sortedColumn("expiry-asc"), { column: "expiry", direction: "ascending" });
});

test("the demo server's session is read strictly; anything else is no session", () => {
  const scoped = parseSession({
    mode: "local",
    view: "scoped",
    user: { id: "usralice0001", label: "Alice Johnson", email: "alice@acme.example" },
    organizationIds: ["acme7k2m9q4x", 7],
    choices: [],
  });
  equal(scoped?.view, "scoped");
  equal(scoped?.organizationIds, ["acme7k2m9q4x"], "only strings are organization IDs");
  equal(scoped?.user, { id: "usralice0001", label: "Alice Johnson", email: "alice@acme.example" });
  const signIn = parseSession({
    mode: "local",
    view: "sign-in",
    user: null,
    organizationIds: [],
    choices: [{ id: "usrbob000002", label: "Bob Smith", email: null, adminOf: [] }, { label: "no id" }, { id: "usrcarol0003", adminOf: [{ id: "globex3p8r1v", name: "Globex" }] }],
  });
  equal(signIn?.choices.map((c) => c.id), ["usrbob000002", "usrcarol0003"], "choices without an ID are dropped");
  equal(signIn?.choices[1]?.adminOf, [{ id: "globex3p8r1v", name: "Globex" }]);
  equal(parseSession({ mode: "local", view: "admin" }), null, "an unknown view");
  equal(parseSession({ mode: "cloud", view: "scoped" }), null, "an unknown mode");
  equal(parseSession("<html>"), null, "not an object");
});

await run("dashboard-unit");
