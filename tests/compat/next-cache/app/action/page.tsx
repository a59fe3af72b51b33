import { Invite } from "./invite";

export default function Page() {
  return <Invite />;
}
