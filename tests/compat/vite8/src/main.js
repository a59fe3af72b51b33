// A page's module: import the package by name and use it, with no init step.
import { LogtoApiError, OrganizationInvitationsApi, init, isLogtoApiError } from "logto-invitations";
import { exercise } from "./exercise.js";

const params = new URLSearchParams(location.search);
exercise({ OrganizationInvitationsApi, LogtoApiError, isLogtoApiError, init }, { api: params.get("api") ?? location.origin, refused: params.get("refused") }).then((result) => {
  window.__result = result;
});
