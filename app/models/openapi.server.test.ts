import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi.server";
import { loader } from "~/routes/api.v1.openapi[.]json";
import { LEGAL_AID_STEP_NAMES } from "./lifecycle/legal-aid-steps.server";
import { MEDIATION_STEP_NAMES } from "./lifecycle/mediation-steps.server";

/** app/routes/api.v1.* → URL templates with {params} (Remix flat routes: dots are slashes, $x a param, [.] a dot). */
function apiRouteTemplates() {
  const dir = path.resolve(__dirname, "../routes");
  return readdirSync(dir)
    .filter((f) => f.startsWith("api.v1.") && /\.tsx?$/.test(f))
    .map((f) => {
      const id = f.replace(/\.tsx?$/, "");
      const segments = id.replace(/\[\.\]/g, "\u0000").split(".").map((s) => s.replace(/\u0000/g, ".").replace(/_$/, ""));
      return { file: f, template: "/" + segments.map((s) => (s.startsWith("$") ? `{${s.slice(1)}}` : s)).join("/") };
    });
}

const matches = (template: string, described: string) => {
  const t = template.split("/");
  const d = described.split("/");
  return t.length === d.length && t.every((seg, i) => seg === d[i] || seg.startsWith("{"));
};

type Doc = Awaited<ReturnType<typeof openApiDocument>> & { paths: Record<string, Record<string, any>> };

describe("the OpenAPI description", () => {
  const doc = openApiDocument() as Doc;

  it("is served at /api/v1/openapi.json as OpenAPI 3.1", async () => {
    const res = loader();
    expect(res.status).toBe(200);
    expect((await res.json()).openapi).toBe("3.1.0");
  });

  it("describes every route of /api/v1, and every path it describes exists", () => {
    const routes = apiRouteTemplates();
    expect(routes.length).toBeGreaterThanOrEqual(12);
    for (const r of routes) expect(Object.keys(doc.paths).some((p) => matches(r.template, p)), `${r.file} (${r.template}) is not described`).toBe(true);
    for (const p of Object.keys(doc.paths)) expect(routes.some((r) => matches(r.template, p)), `${p} has no route`).toBe(true);
    // every step of both lifecycles has its own path
    for (const s of MEDIATION_STEP_NAMES) expect(doc.paths[`/api/v1/mediations/{id}/steps/${s}`]?.post, s).toBeDefined();
    for (const s of LEGAL_AID_STEP_NAMES) expect(doc.paths[`/api/v1/legal-aid-cases/{id}/steps/${s}`]?.post, s).toBeDefined();
  });

  it("is well formed: operations with responses, path parameters declared, references resolved, JSON all through", () => {
    const text = JSON.stringify(doc);
    expect(JSON.parse(text)).toEqual(doc);
    for (const [p, item] of Object.entries(doc.paths)) {
      const params = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        expect(["get", "post", "put", "delete", "patch"]).toContain(method);
        expect(Object.keys(op.responses ?? {}).length, `${method} ${p}`).toBeGreaterThan(0);
        // OpenAPI: a parameter is unique by name and location within an operation
        const keys = (op.parameters ?? []).map((x: { in: string; name: string }) => `${x.in}:${x.name}`);
        expect(keys.filter((k: string, i: number) => keys.indexOf(k) !== i), `${method} ${p}: parameters given twice`).toEqual([]);
        for (const name of params)
          expect((op.parameters ?? []).some((x: { in: string; name: string; required: boolean }) => x.in === "path" && x.name === name && x.required), `${method} ${p} {${name}}`).toBe(true);
        const ops = JSON.stringify(op);
        for (const m of ops.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)) expect(doc.components.schemas, m[1]).toHaveProperty(m[1]);
      }
    }
    // generated from zod, not by hand: the schema's own limits and required fields are there
    const close = doc.paths["/api/v1/legal-aid-cases/{id}/steps/close"].post.requestBody.content["application/json"].schema;
    expect(close.properties.closingReport).toMatchObject({ type: "string", maxLength: 4000 });
    expect(close.required).toContain("version");
  });

  it("carries the enumerations' allowed values with their Chinese labels", () => {
    const close = doc.paths["/api/v1/legal-aid-cases/{id}/steps/close"].post.requestBody.content["application/json"].schema;
    expect(close.properties.outcome.enum).toContain("won");
    expect(close.properties.outcome["x-enum-labels"].won).toMatch(/胜诉|支持/);
    const list = doc.paths["/api/v1/mediations"].get.parameters as Array<{ name: string; schema: Record<string, unknown> }>;
    expect(list.find((p) => p.name === "status")?.schema).toBeDefined();
  });
});
