import { beforeAll, describe, expect, it } from "vitest";
import { makeActor, makeTree, consultationData } from "../../tests/factories";
import { createConsultation } from "./consultations.server";
import { actorForToken, createApiToken, listApiTokens, revokeApiToken } from "./api-tokens.server";
import { loader as listLoader, action as createAction } from "~/routes/api.v1.consultations";
import { loader as oneLoader, action as updateAction } from "~/routes/api.v1.consultations.$id";
import { loader as statsLoader } from "~/routes/api.v1.stats";
import { registryCounts } from "./registries.server";

let tree: Awaited<ReturnType<typeof makeTree>>;
let townStaff: Awaited<ReturnType<typeof makeActor>>;
let tokenA = "";
let otherId = 0;
let ownId = 0;

const call = async (fn: (args: never) => Promise<Response>, url: string, init: RequestInit & { params?: Record<string, string> } = {}) => {
  const { params = {}, ...rest } = init;
  // a guard throws its Response (401), as Remix would answer it
  const res = await fn({ request: new Request(`http://localhost${url}`, rest), params, context: {} } as never).catch((e: unknown) => {
    if (e instanceof Response) return e;
    throw e;
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
};
const auth = (t = tokenA) => ({ Authorization: `Bearer ${t}` });

beforeAll(async () => {
  tree = await makeTree();
  townStaff = await makeActor(tree.townA1, "staff");
  const r = await createApiToken({ actor: townStaff, name: "热线系统" });
  if (!r.ok) throw new Error("token");
  tokenA = r.value.token;
  const own = await createConsultation({ actor: townStaff, data: consultationData(tree.townA1.id) });
  const other = await createConsultation({ actor: await makeActor(tree.townA2, "staff"), data: consultationData(tree.townA2.id) });
  if (!own.ok || !other.ok) throw new Error("data");
  ownId = own.value.id;
  otherId = other.value.id;
});

describe("API tokens", () => {
  it("are stored hashed, shown once, and act as their user", async () => {
    expect(tokenA).toMatch(/^fq_[A-Za-z0-9_-]{43}$/);
    const listed = await listApiTokens({ actor: townStaff });
    expect(listed[0]).toMatchObject({ name: "热线系统", prefix: tokenA.slice(0, 10), revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(tokenA);
    expect(await actorForToken(tokenA)).toMatchObject({ id: townStaff.id, unitPath: tree.townA1.path });
    expect(await actorForToken(tokenA + "x")).toBeNull();
  });

  it("answer 401 without or with a bad token", async () => {
    expect((await call(listLoader as never, "/api/v1/consultations")).status).toBe(401);
    expect((await call(listLoader as never, "/api/v1/consultations", { headers: auth("fq_nope") })).status).toBe(401);
    expect((await call(statsLoader as never, "/api/v1/stats", { headers: auth("fq_nope") })).status).toBe(401);
  });

  it("are scoped to the user's jurisdiction: another township's record is 404", async () => {
    expect((await call(oneLoader as never, `/api/v1/consultations/${ownId}`, { headers: auth(), params: { id: String(ownId) } })).status).toBe(200);
    const other = await call(oneLoader as never, `/api/v1/consultations/${otherId}`, { headers: auth(), params: { id: String(otherId) } });
    expect(other).toMatchObject({ status: 404, body: { error: "not_found" } });
    const list = await call(listLoader as never, "/api/v1/consultations?pageSize=10", { headers: auth() });
    expect(list.body.data.map((r: { id: number }) => r.id)).toEqual([ownId]);
    const stats = await call(statsLoader as never, `/api/v1/stats?unit=${tree.townA2.code}&from=2024-01-01&to=2024-12-31`, { headers: auth() });
    expect(stats.status).toBe(404);
  });

  it("create with field errors in Chinese, idempotency keys, and 409 on a stale update", async () => {
    const post = (body: unknown, key?: string) =>
      call(createAction as never, "/api/v1/consultations", {
        method: "POST",
        headers: { ...auth(), "Content-Type": "application/json", ...(key ? { "Idempotency-Key": key } : {}) },
        body: JSON.stringify(body),
      });
    const bad = await post({ ...consultationData(tree.townA1.id), channel: "fax", persons: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors).toMatchObject({ channel: "选项无效，请重新选择", persons: expect.any(String) });
    const outside = await post(consultationData(tree.townA2.id));
    expect(outside).toMatchObject({ status: 400, body: { fieldErrors: { unitId: "该单位不在您的管辖范围内" } } });
    const first = await post(consultationData(tree.townA1.id, { persons: 4 }), "k-1");
    const again = await post(consultationData(tree.townA1.id, { persons: 4 }), "k-1");
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: first.body });
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await post(consultationData(tree.townA1.id, { persons: 5 }), "k-1")).status).toBe(422);
    const id = String(first.body.id);
    const put = (version: number) =>
      call(updateAction as never, `/api/v1/consultations/${id}`, {
        method: "PUT",
        params: { id },
        headers: { ...auth(), "Content-Type": "application/json" },
        body: JSON.stringify({ ...consultationData(tree.townA1.id, { persons: 6 }), version }),
      });
    expect((await put(1)).status).toBe(200);
    expect((await put(1)).status).toBe(409);
  });

  it("stop working once revoked", async () => {
    const id = (await listApiTokens({ actor: townStaff }))[0].id;
    expect((await revokeApiToken({ actor: await makeActor(tree.townA2, "staff"), id })).ok).toBe(false);
    expect((await revokeApiToken({ actor: townStaff, id })).ok).toBe(true);
    expect((await call(listLoader as never, "/api/v1/consultations", { headers: auth() })).status).toBe(401);
  });
});

describe("registryCounts", () => {
  it("counts within reach only", async () => {
    expect(await registryCounts({ actor: townStaff, unitId: tree.townA2.id, day: "2024-06-01" })).toBeNull();
    expect(await registryCounts({ actor: townStaff, unitId: tree.townA1.id, day: "2024-06-01" })).toMatchObject({ mediators: { total: 0 }, legallyLiterate: 0 });
  });
});
