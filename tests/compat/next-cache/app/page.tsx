import { Invitations } from "./invitations";

export default function Page() {
  return <Invitations />;
}
