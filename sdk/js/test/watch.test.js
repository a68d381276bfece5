// watchMembers() / watchInvitations(): Firestore-shaped snapshots, and resuming after a cut
// connection with every change delivered once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { HeraldError } from "../src/index.js";
import {
  HERALD_URL,
  Snapshots,
  applyChanges,
  eventually,
  live,
  newClient,
  participants,
} from "./support/herald.js";
import { Proxy } from "./support/proxy.js";

const options = live();
let proxy;

before(async () => {
  if (!options.skip) proxy = await new Proxy(HERALD_URL).start();
});
after(async () => {
  await proxy?.stop();
});

const summary = (changes) => changes.map((c) => `${c.type} ${c.item.participantId ?? c.item.id}`);
const listMembers = async (http, id) => (await http.get(`/v1/gatherings/${id}/members`)).data;

test("the first snapshot lists every member as added, then each change comes in Firestore's shape", options, async () => {
  const { herald, project, http } = await newClient();
  await participants(http, "p1", "p2");
  const lobby = await project.gatherings.create({ name: "Watched", type: "lobby" });
  await lobby.addMember({ participantId: "p1" });
  const snapshots = new Snapshots();
  const unsubscribe = lobby.watchMembers().onSnapshot(snapshots.listener);
  try {
    const first = await snapshots.next();
    assert.deepEqual(first.items, await listMembers(http, lobby.id));
    assert.deepEqual(first.changes, [{ type: "added", item: first.items[0], oldIndex: -1, newIndex: 0 }]);

    await lobby.addMember({ participantId: "p2" });
    const added = await snapshots.next();
    assert.deepEqual(added.changes, [{ type: "added", item: added.items[1], oldIndex: -1, newIndex: 1 }]);

    await lobby.ready("p2");
    const ready = await snapshots.next();
    assert.deepEqual(ready.changes, [{ type: "modified", item: ready.items[1], oldIndex: 1, newIndex: 1 }]);
    assert.equal(ready.items[1].state, "ready");

    await lobby.leave({ participantId: "p1" });
    const left = await snapshots.next();
    assert.deepEqual(summary(left.changes).sort(), ["modified p1", "modified p2"]); // p2 is owner now
    assert.deepEqual(left.items, await listMembers(http, lobby.id));
    let list = [];
    for (const call of snapshots.calls) {
      list = applyChanges(list, call.changes);
      assert.deepEqual(list, call.items, "the changes' indexes rebuild each list");
    }
  } finally {
    unsubscribe();
    herald.close();
  }
});

test("a watch whose connection is cut resumes with every change delivered once", options, async () => {
  const { herald, project, http } = await newClient({ url: proxy.url });
  await participants(http, "p1", "p2", "p3", "p4");
  const lobby = await project.gatherings.create({ name: "Cut", type: "lobby" });
  await lobby.addMember({ participantId: "p1" });
  const snapshots = new Snapshots();
  const unsubscribe = lobby.watchMembers().onSnapshot(snapshots.listener);
  const watchPath = `/v1/gatherings/${lobby.id}/members/watch`;
  try {
    const first = await snapshots.next();
    assert.deepEqual(summary(first.changes), ["added p1"]);

    // cut the stream and keep it down while three changes happen (through Herald directly)
    proxy.hold();
    proxy.cutAll();
    await eventually(() => proxy.heldCount > 0 && proxy.seen("GET", watchPath).length === 2, {
      what: "the watch tries to reconnect",
    });
    await http.post(`/v1/gatherings/${lobby.id}/members`, { participantId: "p2" });
    await http.patch(`/v1/gatherings/${lobby.id}/members/p1`, { state: "ready" });
    await http.post(`/v1/gatherings/${lobby.id}/members`, { participantId: "p3" });
    proxy.release();

    const resumed = await snapshots.next();
    assert.deepEqual(summary(resumed.changes), ["modified p1", "added p2", "added p3"]);
    assert.deepEqual(resumed.items, await listMembers(http, lobby.id));
    assert.deepEqual(applyChanges(first.items, resumed.changes), resumed.items);

    // a second cut with nothing changed in between repeats nothing: the next callback is the
    // next change only
    proxy.cutAll();
    await eventually(() => proxy.seen("GET", watchPath).length === 3, { what: "a reconnect" });
    await http.patch(`/v1/gatherings/${lobby.id}/members/p3`, { state: "left" });
    const after = await snapshots.next();
    assert.deepEqual(summary(after.changes), ["modified p3"]);
    assert.equal(after.items[2].state, "left");

    await http.post(`/v1/gatherings/${lobby.id}/members`, { participantId: "p4" });
    const last = await snapshots.next();
    assert.deepEqual(summary(last.changes), ["added p4"]);
    assert.deepEqual(last.items, await listMembers(http, lobby.id));

    const all = snapshots.calls.flatMap((call) => summary(call.changes));
    assert.deepEqual(all, ["added p1", "modified p1", "added p2", "added p3", "modified p3", "added p4"]);
    assert.equal(snapshots.pending, 0);
  } finally {
    unsubscribe();
    herald.close();
  }
});

test("invitations are watched the same way: invited, then answered", options, async () => {
  const { herald, project, http } = await newClient();
  await participants(http, "p2");
  const appt = await project.gatherings.create({
    name: "Planning",
    type: "appointment",
    startsAt: "2030-01-01T10:00:00Z",
    endsAt: "2030-01-01T11:00:00Z",
  });
  const snapshots = new Snapshots();
  const unsubscribe = appt.watchInvitations().onSnapshot(snapshots.listener);
  try {
    const empty = await snapshots.next();
    assert.deepEqual(empty, { items: [], changes: [] });
    const [invitation] = await appt.invite({ participantIds: ["p2"] });
    const invited = await snapshots.next();
    assert.deepEqual(invited.changes.map((c) => [c.type, c.item.id]), [["added", invitation.id]]);
    assert.equal(invited.items[0].token, undefined, "watch streams carry no tokens");

    await invitation.accept();
    assert.equal(invitation.status, "accepted");
    const answered = await snapshots.next();
    assert.deepEqual(answered.changes.map((c) => [c.type, c.item.status]), [["modified", "accepted"]]);
  } finally {
    unsubscribe();
    herald.close();
  }
});

test("unsubscribe stops the callbacks and closes the connection", options, async () => {
  const { herald, project, http } = await newClient({ url: proxy.url });
  await participants(http, "p1", "p2");
  const open = await project.gatherings.create({ name: "Unsubscribed", type: "open" });
  const watchPath = `/v1/gatherings/${open.id}/members/watch`;
  const stopped = new Snapshots();
  const watching = new Snapshots();
  const unsubscribe = open.watchMembers().onSnapshot(stopped.listener);
  const keep = open.watchMembers().onSnapshot(watching.listener);
  try {
    await stopped.next();
    await watching.next();
    unsubscribe();
    await open.addMember({ participantId: "p1" });
    await watching.next(); // the other subscription sees the change...
    assert.equal(stopped.calls.length, 1); // ...the unsubscribed one does not
    assert.equal(proxy.seen("GET", watchPath).length, 2);
  } finally {
    keep();
    herald.close();
  }
});

test("a watch that cannot be (an unknown gathering) reports its 404 to error()", options, async () => {
  const { herald, project } = await newClient();
  const open = await project.gatherings.create({ name: "Soon gone", type: "open" });
  open.id = "gat_00000000000000000000000000";
  try {
    const failure = await new Promise((resolve) => {
      open.watchMembers().onSnapshot(() => resolve(new Error("a snapshot")), resolve);
    });
    assert.ok(failure instanceof HeraldError, String(failure));
    assert.equal(failure.status, 404);
    assert.equal(failure.code, "not_found");
  } finally {
    herald.close();
  }
});
