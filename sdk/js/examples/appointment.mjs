// gatherings.txt, "Appointment": a scheduled meeting whose invitations go out by email with an
// .ics calendar attachment, started as a transcribed session at startsAt (autoStartSession).
import { herald, project } from "./project.mjs";

const appt = await project.gatherings.create({
name: "Quarterly Review",
type: "appointment",
startsAt: "2026-07-01T15:00:00Z",
endsAt: "2026-07-01T16:00:00Z",
autoStartSession: true,
});
await appt.sendInvitations({ participantIds: ["p2", "p3"] });

console.log(`appointment ${appt.id} (${appt.status}), join code ${appt.joinCode}`);
herald.close();
