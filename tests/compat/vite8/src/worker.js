// A module Web Worker: import the package by name, no init step.
import { LogtoApiError, OrganizationInvitationsApi, init, isLogtoApiError } from "logto-invitations";
import { exercise } from "./exercise.js";

self.onmessage = async (event) => {
  const { api, refused } = event.data;
  self.postMessage(await exercise({ OrganizationInvitationsApi, LogtoApiError, isLogtoApiError, init }, { api: api ?? self.location.origin, refused }));
};
