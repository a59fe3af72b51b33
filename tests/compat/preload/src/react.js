// A React 19 page: the client at module level, the call in an effect (as the README says for
// client components), the list rendered.
import { createElement as h, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { OrganizationInvitationsApi } from "logto-invitations";
import { done, settings } from "./page.js";

const api = new OrganizationInvitationsApi({ baseUrl: settings.api, accessToken: settings.token });

function Invitations() {
  const [invitations, setInvitations] = useState();
  useEffect(() => {
    api.listOrganizationInvitations({ organizationId: settings.organizationId }).then((list) => {
      setInvitations(list);
      done(list);
    }, done);
  }, []);
  return h("p", { id: "state" }, invitations ? `${invitations.length} invitations` : "loading");
}

createRoot(document.getElementById("root")).render(h(Invitations));
