// The six invitation operations through the package's client, with baseUrl at the Express app's
// origin + "/logto" (the proxy adds the token; the client sends only the app's session header).
// The organization is made beforehand with the local server's own token, as the app's operator
// would in Logto's console. Prints { steps: [{ name, ok, detail }], invitationId } as one line.
import { OrganizationInvitationsApi, LogtoApiError } from "logto-invitations";

const { APP_URL, LOGTO_URL } = process.env;
const steps = [];
const check = (name, ok, detail = "") => steps.push({ name, ok: Boolean(ok), detail: String(detail) });
let invitationId;
try {
  const org = await fetch(`${LOGTO_URL}/api/organizations`, {
    method: "POST",
    headers: { authorization: "Bearer dev-token", "content-type": "application/json" },
    body: JSON.stringify({ name: `Express ${Date.now()}` }),
  }).then((response) => response.json());
  const client = new OrganizationInvitationsApi({ baseUrl: `${APP_URL}/logto`, headers: { "x-test-session": "admin" }, retry: false });
  const created = await client.createOrganizationInvitation({ invitee: `express_${Date.now()}@example.com`, organizationId: org.id, expiresAt: Date.now() + 86_400_000 });
  invitationId = created.id;
  check("create", created.status === "Pending" && created.organizationId === org.id, JSON.stringify(created));
  const fetched = await client.getOrganizationInvitation(created.id);
  check("get", fetched.id === created.id, fetched.id);
  const listed = await client.listOrganizationInvitations({ organizationId: org.id });
  check("list", listed.length === 1 && listed[0].id === created.id, listed.length);
  // Without an email connector (scripts/test.sh starts none) Logto answers 501 connector.not_found:
  // the request went through the proxy to Logto either way.
  const sent = await client.createOrganizationInvitationMessage(created.id, { link: "https://app.example.com/join" }).then(() => "sent", (error) => error);
  check("message", sent === "sent" || (sent instanceof LogtoApiError && sent.status === 501 && sent.code === "connector.not_found"), sent?.message ?? sent);
  const revoked = await client.replaceOrganizationInvitationStatus(created.id, { status: "Revoked" });
  check("status", revoked.status === "Revoked", revoked.status);
  await client.deleteOrganizationInvitation(created.id);
  const gone = await client.getOrganizationInvitation(created.id).then(() => undefined, (error) => error);
  check("delete (then get: 404 entity.not_found)", gone instanceof LogtoApiError && gone.status === 404 && gone.code === "entity.not_found", gone?.message);
} catch (error) {
  check("no unexpected exception", false, `${error?.name}: ${error?.message}`);
}
console.log(JSON.stringify({ steps, invitationId }));
