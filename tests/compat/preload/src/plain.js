// A plain page that makes one call as soon as it loads (the client created at module level).
import { OrganizationInvitationsApi } from "logto-invitations";
import { done, settings } from "./page.js";

const api = new OrganizationInvitationsApi({ baseUrl: settings.api, accessToken: settings.token });
api.listOrganizationInvitations({ organizationId: settings.organizationId }).then(done, done);
