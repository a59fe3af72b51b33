// Issue 20, item 3: webpack resolves the `browser` condition with require() too. The package's
// `module` condition comes first, so require() gets the browser entry (index.js, the .wasm a
// separate file), never the Node entry with the .wasm inlined.
const { OrganizationInvitationsApi } = require("logto-invitations");

new OrganizationInvitationsApi({ baseUrl: "/logto" });
