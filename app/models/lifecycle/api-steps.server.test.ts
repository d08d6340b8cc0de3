import { beforeAll, describe, expect, it } from "vitest";
import { legalAidData, makeActor, makeLegalAidCentre, makeProvider, makeTree } from "../../../tests/factories";
import { applyLegalAid } from "../legal-aid.server";
import { createApiToken } from "../api-tokens.server";
import { action as laStep } from "~/routes/api.v1.legal-aid-cases.$id.steps.$step";
import { action as medStep } from "~/routes/api.v1.mediations.$id.steps.$step";
import { loader as unitsLoader } from "~/routes/api.v1.units";
import { loader as registriesLoader } from "~/routes/api.v1.registries";
import { loader as enumLoader } from "~/routes/api.v1.enumerations";

let token = "";
let caseId = 0;
let lawyerId = 0;
let tree: Awaited<ReturnType<typeof makeTree>>;

const call = async (fn: (args: never) => Promise<Response> | Response, url: string, init: RequestInit & { params?: Record<string, string> } = {}) => {
  const { params = {}, ...rest } = init;
  const res = await Promise.resolve(fn({ request: new Request(`http://localhost${url}`, rest), params, context: {} } as never)).catch((e: unknown) => {
    if (e instanceof Response) return e;
    throw e;
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
};
const post = (step: string, body: unknown, headers: Record<string, string> = {}) =>
  call(laStep as never, `/api/v1/legal-aid-cases/${caseId}/steps/${step}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
    params: { id: String(caseId), step },
  });

beforeAll(async () => {
  tree = await makeTree();
  const centre = await makeLegalAidCentre(tree.countyA);
  const laStaff = await makeActor(centre, "staff");
  lawyerId = (await makeProvider(centre.id, { name: "张律师" })).id;
  const r = await applyLegalAid({ actor: await makeActor(tree.townA1, "staff"), data: legalAidData(tree.townA1.id, { appliedOn: "2026-03-02" }), today: "2026-11-22" });
  if (!r.ok) throw new Error("case");
  caseId = r.value.id;
  const t = await createApiToken({ actor: laStaff, name: "办案系统" });
  if (!t.ok) throw new Error("token");
  token = t.value.token;
});

describe("API lifecycle steps", () => {
  it("answer 409 with a clear Chinese message for a step out of order (assign before grant)", async () => {
    const r = await post("assign", { assignedOn: "2026-03-06", providerId: lawyerId, version: 1 });
    expect(r).toMatchObject({ status: 409, body: { error: "step_not_allowed", message: "尚未准予法律援助，不能指派" } });
  });

  it("answer 422 with Chinese field errors for bad fields", async () => {
    const r = await post("grant", { decidedOn: "昨天", version: 1 });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: "validation_failed", fieldErrors: { decidedOn: expect.stringMatching(/日期/) } });
  });

  it("take the step through the same executor, once per Idempotency-Key, and answer 409 on a stale version", async () => {
    const first = await post("grant", { decidedOn: "2026-03-05", preliminary: false, version: 1 }, { "Idempotency-Key": "grant-1" });
    expect(first).toMatchObject({ status: 200, body: { ok: true, step: "grant", record: { id: caseId, version: 2, status: "granted" } } });
    expect(first.body.result.decisionNo).toMatch(/援决/);
    const again = await post("grant", { decidedOn: "2026-03-05", preliminary: false, version: 1 }, { "Idempotency-Key": "grant-1" });
    expect(again.status).toBe(200);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    const stale = await post("assign", { assignedOn: "2026-03-06", providerId: lawyerId, version: 1 });
    expect(stale).toMatchObject({ status: 409, body: { error: "conflict" } });
    const assigned = await post("assign", { assignedOn: "2026-03-06", providerId: lawyerId, version: 2 });
    expect(assigned).toMatchObject({ status: 200, body: { record: { status: "assigned", version: 3 } } });
  });

  it("answer 404 for an unknown step (naming the steps) and for a dispute out of reach; 401 without a token", async () => {
    const r = await post("approve", {});
    expect(r).toMatchObject({ status: 404, body: { error: "unknown_step", steps: expect.arrayContaining(["grant", "assign", "close"]) } });
    const m = await call(medStep as never, "/api/v1/mediations/999999/steps/conclude", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ concludedOn: "2026-03-01", result: "withdrawn", withdrawReason: "撤回", version: 1 }),
      params: { id: "999999", step: "conclude" },
    });
    expect(m.status).toBe(404);
    const anon = await call(laStep as never, `/api/v1/legal-aid-cases/${caseId}/steps/grant`, { method: "POST", params: { id: String(caseId), step: "grant" } });
    expect(anon.status).toBe(401);
  });

  it("read units of the caller's subtree, registries (400 naming the kinds), enumerations with Chinese labels", async () => {
    const headers = { Authorization: `Bearer ${token}` };
    const u = await call(unitsLoader as never, "/api/v1/units", { headers });
    expect(u.status).toBe(200);
    expect(u.body.data.length).toBeGreaterThan(0);
    expect(u.body.data.map((x: { name: string }) => x.name)).not.toContain("万荣县");
    const bad = await call(registriesLoader as never, "/api/v1/registries?kind=lawyers", { headers });
    expect(bad).toMatchObject({ status: 400, body: { message: expect.stringContaining("mediator") } });
    const ok = await call(registriesLoader as never, "/api/v1/registries?kind=mediator", { headers });
    expect(ok).toMatchObject({ status: 200, body: { kind: "mediator", data: expect.any(Array) } });
    const e = await call(enumLoader as never, "/api/v1/enumerations", { headers });
    expect(e.body.data.LEGAL_AID_STATUSES).toContainEqual(expect.objectContaining({ code: "granted", label: expect.any(String) }));
  });
});
