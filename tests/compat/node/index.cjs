// A CommonJS script: `require` the package (its "node" + "require" entry, node.cjs), no init.
const { LogtoApiError, OrganizationInvitationsApi, isLogtoApiError, init } = require("logto-invitations");

import("./exercise.js").then(async ({ exercise }) => {
  const result = await exercise({ OrganizationInvitationsApi, LogtoApiError, isLogtoApiError, init }, { api: process.env.LOGTO_URL, refused: process.env.REFUSED_URL });
  console.log(JSON.stringify(result));
});
