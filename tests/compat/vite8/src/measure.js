// The smallest real use of the package, for measuring what a page downloads because of it
// (tests/compat/run.mjs builds this page alone and sums its .js and .wasm, gzip -9). It also works
// with releases that needed init(), so that before and after are the same program.
import init, { OrganizationInvitationsApi, isLogtoApiError } from "logto-invitations";

await init();
const api = new OrganizationInvitationsApi({ baseUrl: "/logto" });
api.listOrganizationInvitations().then(
  (list) => console.log(list.length),
  (error) => console.log(isLogtoApiError(error) ? error.kind : error),
);
