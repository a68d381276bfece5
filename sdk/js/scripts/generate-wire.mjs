// Generates src/wire.d.ts, the SDK's wire types, from Herald's committed OpenAPI document
// (api/openapi.json) with openapi-typescript (pinned in package.json). Run `npm run generate`
// after the API changes; test/wire.test.js fails while the checked-in file is stale.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
export const DOCUMENT = here("../../../api/openapi.json");
export const OUTPUT = here("../src/wire.d.ts");

const HEADER = `// Generated from api/openapi.json by sdk/js/scripts/generate-wire.mjs (openapi-typescript).
// Do not edit: run \`npm run generate\` in sdk/js. test/wire.test.js fails when this file is stale.
`;

/**
 * Two mends to the document before generating, both for what springdoc writes, not what Herald
 * sends: free-form JSON fields (metadata, data, changes, headers, userData) are typed as Jackson's
 * JsonNode class (its isArray/isObject getters), which is no wire shape, so they become JSON
 * objects; and every error refers to #/components/schemas/Problem, which the served document
 * lacks, so the README's problem+json shape is added when it is missing.
 */
export function mend(document) {
  const schemas = document.components.schemas;
  schemas.JsonNode = {
    type: "object",
    additionalProperties: true,
    description: "Any JSON object (free-form)",
  };
  schemas.Problem ??= {
    type: "object",
    description: "RFC 9457 problem details, with Herald's stable machine code",
    properties: {
      type: { type: "string" },
      title: { type: "string" },
      status: { type: "integer" },
      detail: { type: "string" },
      instance: { type: "string" },
      code: { type: "string" },
      errors: {
        type: "array",
        items: {
          type: "object",
          properties: { field: { type: "string" }, message: { type: "string" } },
        },
      },
    },
  };
  return document;
}

/** The wire types as they should be checked in. */
export async function generateWire() {
  const document = mend(JSON.parse(await readFile(DOCUMENT, "utf8")));
  const ast = await openapiTS(document, { alphabetize: true, silent: true });
  return HEADER + astToString(ast);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(OUTPUT, await generateWire());
  console.log(`wrote ${OUTPUT}`);
}
