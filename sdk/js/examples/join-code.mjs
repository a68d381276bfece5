// gatherings.txt, "Join codes": join by a short code; case and hyphens do not matter, so
// ABCD-1234 and abcd1234 name the same gathering. The project needs a gathering whose code is
// ABCD-1234 for this one to succeed (codes are random: see test/examples.test.js for how the
// test makes one); otherwise Herald answers 404.
import { herald, project } from "./project.mjs";

const result = await project.gatherings.joinByCode({
joinCode: "ABCD1234",
participantId: "p1",
});

console.log(`${result.member.participantId} joined ${result.gathering.name} (${result.gathering.joinCode})`);
herald.close();
