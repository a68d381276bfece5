// Herald's problem+json answers arrive as HeraldError, with status, code, detail and errors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { HeraldError } from "../src/index.js";
import { live, newClient } from "./support/herald.js";

const options = live();

test("a 409 arrives as a HeraldError with Herald's code and detail", options, async () => {
  const { project } = await newClient();
  const lobby = await project.gatherings.create({ name: "Once", type: "lobby" });
  await lobby.start();
  const error = await lobby.start().catch((e) => e);
  assert.ok(error instanceof HeraldError);
  assert.ok(error instanceof Error);
  assert.equal(error.name, "HeraldError");
  assert.equal(error.status, 409);
  assert.equal(error.code, "conflict");
  assert.match(error.detail, /started/);
  assert.equal(error.message, error.detail);
  assert.deepEqual(error.errors, []);
  assert.equal(error.instance, `/v1/gatherings/${lobby.id}/start`);
});

test("a 422 carries its field errors", options, async () => {
  const { project } = await newClient();
  const error = await project.gatherings
    .create({ name: "", type: "appointment", endsAt: "2030-01-01T10:00:00Z" })
    .catch((e) => e);
  assert.ok(error instanceof HeraldError);
  assert.equal(error.status, 422);
  assert.equal(error.code, "validation_failed");
  assert.equal(error.type, "urn:herald:problem:validation-failed");
  assert.equal(error.detail, "2 fields are invalid: name, startsAt");
  assert.deepEqual(error.errors, [
    { field: "name", message: "must be 1 to 200 characters" },
    { field: "startsAt", message: "is required for an appointment" },
  ]);
  assert.deepEqual(error.toJSON().errors, error.errors);
});

test("a 404 is a HeraldError with code not_found", options, async () => {
  const { project } = await newClient();
  const error = await project.gatherings.get("gat_00000000000000000000000000").catch((e) => e);
  assert.ok(error instanceof HeraldError);
  assert.equal(error.status, 404);
  assert.equal(error.code, "not_found");
  assert.match(error.detail, /gat_00000000000000000000000000/);
});

test("joining by an unknown code is a 404 as well; a missing participant a 422 naming it", options, async () => {
  const { project } = await newClient();
  await assert.rejects(project.gatherings.joinByCode({ joinCode: "ZZZZ-9999", participantId: "p1" }), {
    name: "HeraldError",
    status: 404,
  });
  const open = await project.gatherings.create({ name: "Nobody yet", type: "open" });
  const error = await open.addMember({ participantId: "ghost" }).catch((e) => e);
  assert.equal(error.status, 422);
  assert.deepEqual(error.errors.map((e) => e.field), ["participantId"]);
});
