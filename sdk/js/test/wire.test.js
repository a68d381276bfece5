// The checked-in wire types are what the pinned openapi-typescript makes of api/openapi.json.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { OUTPUT, generateWire } from "../scripts/generate-wire.mjs";

test("src/wire.d.ts is up to date with api/openapi.json (else: npm run generate)", async () => {
  const checkedIn = await readFile(OUTPUT, "utf8");
  const generated = await generateWire();
  assert.ok(
    checkedIn === generated,
    "src/wire.d.ts is stale: run `npm run generate` in sdk/js and commit the result",
  );
});
