// The module Web Worker of entry.html: imports pkg/index.js with no init step and answers with
// what a list and a missing invitation gave.
import { LogtoApiError, OrganizationInvitationsApi } from "/pkg/index.js";

self.onmessage = async (event) => {
  const api = new OrganizationInvitationsApi({ baseUrl: `${self.location.origin}/logto` });
  try {
    const list = await api.listOrganizationInvitations({ organizationId: event.data.organizationId });
    const notFound = await api.getOrganizationInvitation("no-such-invitation").then(
      () => "resolved",
      (error) => (error instanceof LogtoApiError ? `${error.kind} ${error.status}` : String(error)),
    );
    self.postMessage({ ok: true, count: list.length, notFound });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error) });
  }
};
