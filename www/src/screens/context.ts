// What every dialog of the dashboard is given by main.ts: the client of the current connection,
// the lookups, the page's messages and dialogs, and the list it updates.
import type { OrganizationInvitationsApi } from "logto-invitations";
import type { Dialogs } from "../dialogs";
import type { Directory } from "../directory";
import type { Messages } from "../messages";
import type { ListScreen } from "./list";

export interface DashboardContext {
  /** The client for the current connection; null before one is made. */
  api: () => OrganizationInvitationsApi | null;
  directory: Directory;
  messages: Messages;
  dialogs: Dialogs;
  list: ListScreen;
}
