// gatherings.txt, "Members & invitations": add a member, list the members, and react to changes
// live. GATHERING_ID names the gathering; without it, an open one is made for the example.
import { herald, project } from "./project.mjs";

const gatheringId =
  process.env.GATHERING_ID ??
  (await project.gatherings.create({ name: "Members example", type: "open" })).id;

const gathering = await project.gatherings.get(gatheringId);

await gathering.addMember({ participantId: "p1" });
const members = await gathering.listMembers();

// React to changes live:
gathering.watchMembers().onSnapshot((members, changes) => { /* ... */ });
gathering.watchInvitations().onSnapshot((invites) => { /* ... */ });

console.log(`gathering ${gathering.id}: ${members.map((m) => `${m.participantId} (${m.state})`).join(", ")}`);
// an example ends here; a program that reacts to changes keeps running (herald.close() stops it)
herald.close();
