// docs/openapi.yaml is a valid OpenAPI 3.0 document: every path, parameter,
// response and schema checked against the specification's own schema by
// swagger-parser, so clients generated from it and validators that read it
// (the public catalogue's JSON is checked against it) see what we mean.
// A YAML slip such as an unquoted comma in a flow mapping turns a
// description into a stray key; this is where it is caught.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SwaggerParser from "@apidevtools/swagger-parser";

const spec = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "docs", "openapi.yaml");

test("docs/openapi.yaml is a valid OpenAPI 3.0 document", async () => {
  const api = await SwaggerParser.validate(spec);
  assert.match(api.openapi, /^3\.0\./);
  // The public routes a member of the public relies on are documented.
  for (const p of ["/api/v1/public/services", "/api/v1/public/applications", "/open-data/evaluation/{region}/{file}"])
    assert.ok(api.paths[p], `${p} is documented`);
});
