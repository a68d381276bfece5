// The resources' calls against Herald: gatherings, members, invitations, participants, sessions.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Gathering, Invitation } from "../src/index.js";
import { live, newClient, participants } from "./support/herald.js";

const options = live();

test("gatherings: create, get, list with filters and pages, update, end, cancel", options, async () => {
  const { project, http } = await newClient();
  const open = await project.gatherings.create({ name: "Drop-in", type: "open", visibility: "listed" });
  assert.ok(open instanceof Gathering);
  assert.match(open.joinCode, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await project.gatherings.create({ name: "Hidden", type: "open", visibility: "unlisted" });
  const lobby = await project.gatherings.create({ name: "Lobby", type: "lobby", maxMembers: 2 });

  assert.equal((await project.gatherings.get(open.id)).name, "Drop-in");
  const listed = await project.gatherings.list({ type: "open", listed: true });
  assert.deepEqual(listed.data.map((g) => g.name), ["Drop-in"]);
  const firstPage = await project.gatherings.list({ limit: 2 });
  assert.equal(firstPage.data.length, 2);
  assert.equal(firstPage.hasMore, true);
  const secondPage = await firstPage.next();
  assert.equal(secondPage.data.length, 1);
  assert.equal(secondPage.hasMore, false);
  assert.equal(await secondPage.next(), null);

  const renamed = await project.gatherings.update(lobby.id, { name: "Ranked", maxMembers: 10 });
  assert.equal(renamed.name, "Ranked");
  await lobby.update({ metadata: { mode: "ranked" } });
  assert.deepEqual(lobby.metadata, { mode: "ranked" });
  assert.equal(lobby.name, "Ranked", "update() refreshes the fields in place");

  assert.equal((await project.gatherings.cancel(lobby.id)).status, "cancelled");
  await open.end();
  assert.equal(open.status, "ended");
  assert.equal((await http.get(`/v1/gatherings/${open.id}`)).status, "ended");
  assert.deepEqual(JSON.parse(JSON.stringify(open)), await http.get(`/v1/gatherings/${open.id}`));
});

test("members: add, ready, leave, remove, and joinByCode ignoring case and hyphens", options, async () => {
  const { project, http } = await newClient();
  await participants(http, "p1", "p2", "p3");
  const lobby = await project.gatherings.create({ name: "Members", type: "lobby" });
  const owner = await lobby.addMember({ participantId: "p1" });
  assert.deepEqual([owner.participantId, owner.role, owner.state], ["p1", "owner", "joined"]);
  const code = lobby.joinCode.toLowerCase(); // "abcd-1234"
  const joined = await project.gatherings.joinByCode({ joinCode: code, participantId: "p2" });
  assert.equal(joined.gathering.id, lobby.id);
  assert.ok(joined.gathering instanceof Gathering);
  assert.equal(joined.member.participantId, "p2");
  await project.gatherings.joinByCode({ joinCode: lobby.joinCode.replace("-", ""), participantId: "p3" });

  assert.equal((await lobby.ready("p2")).state, "ready");
  assert.equal((await lobby.leave({ participantId: "p3" })).state, "left");
  await lobby.remove("p1");
  const members = await lobby.listMembers();
  assert.deepEqual(
    members.map((m) => [m.participantId, m.role, m.state]),
    [["p2", "owner", "ready"], ["p3", "member", "left"]], // a removed member is gone
  );
  const removed = (await http.get("/v1/events?types=gathering.member.left")).data;
  assert.deepEqual(removed.map((e) => e.payload.data.reason), ["left", "removed"]);

  await lobby.start({ roomId: "room-1" });
  assert.equal(lobby.status, "started");
  const sessions = await lobby.listSessions();
  assert.deepEqual(sessions.data.map((s) => s.id), [lobby.sessionId]);
  assert.equal((await project.sessions.get(lobby.sessionId)).roomId, "room-1");
  await lobby.end();
  assert.equal((await project.sessions.get(lobby.sessionId)).status, "ended");
});

test("invitations: invite, send, list, accept and decline by id and by token", options, async () => {
  const { project, http } = await newClient();
  await project.participants.create({ id: "p2", email: "p2@example.com" });
  await participants(http, "p3");
  const appt = await project.gatherings.create({
    name: "Review",
    type: "appointment",
    startsAt: "2031-03-01T09:00:00Z",
    endsAt: "2031-03-01T10:00:00Z",
  });
  const invited = await appt.invite({ participantIds: ["p2", "p3"], emails: ["guest@example.com"] });
  assert.equal(invited.length, 3);
  assert.ok(invited.every((i) => i instanceof Invitation && i.status === "pending"));
  const sent = await appt.sendInvitations({ participantIds: ["p2"] });
  assert.deepEqual(sent.map((i) => i.id), [invited[0].id], "the same participant: the same invitation");

  const [p2, p3, guest] = invited;
  await p2.accept();
  assert.equal(p2.status, "accepted");
  assert.equal((await project.invitations.decline(p3.id)).status, "declined");
  assert.equal((await project.invitations.acceptByToken(guest.token)).status, "accepted");
  const listed = await appt.listInvitations();
  assert.deepEqual(listed.map((i) => i.status), ["accepted", "declined", "accepted"]);
  const second = await project.gatherings.create({ name: "Other", type: "open" });
  const [again] = await second.invite({ emails: ["guest@example.com"] });
  assert.equal((await project.invitations.declineByToken(again.token)).status, "declined");
});

test("participants: create, get, list, update, delete", options, async () => {
  const { project } = await newClient();
  const created = await project.participants.create({ id: "ada@lovelace", displayName: "Ada", userData: { level: 3 } });
  assert.equal(created.id, "ada@lovelace");
  assert.equal((await project.participants.get("ada@lovelace")).displayName, "Ada");
  await project.participants.create({ id: "p:2" });
  assert.deepEqual((await project.participants.list()).data.map((p) => p.id), ["ada@lovelace", "p:2"]);
  const updated = await project.participants.update("ada@lovelace", { displayName: "Ada L." });
  assert.equal(updated.displayName, "Ada L.");
  await project.participants.delete("p:2");
  await assert.rejects(project.participants.get("p:2"), { status: 404 });
});
