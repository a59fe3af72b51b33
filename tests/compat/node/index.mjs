// A plain Node ES module: `import` the package (its "node" + "import" entry, node.mjs), no init.
import init, { LogtoApiError, OrganizationInvitationsApi, isLogtoApiError } from "logto-invitations";
import { exercise } from "./exercise.js";

const result = await exercise({ OrganizationInvitationsApi, LogtoApiError, isLogtoApiError, init }, { api: process.env.LOGTO_URL, refused: process.env.REFUSED_URL });
console.log(JSON.stringify(result));
