// gatherings.txt, "Lobby": players join, mark themselves ready, and the host starts the lobby,
// which creates a session in the room given.
import { herald, project } from "./project.mjs";

const lobby = await project.gatherings.create({ name: "Ranked 5v5", type: "lobby" });
await lobby.addMember({ participantId: "p1" });
// players mark ready, then:
await lobby.start({ roomId: "ranked-5v5-room" });

console.log(`lobby ${lobby.id} is ${lobby.status}, session ${lobby.sessionId}`);
herald.close();
