/**
 * The integration API's lists and records against the real route handlers on a real SQLite file: strict list
 * queries, empty pages past the end, one shape for GET and PUT (money in 元, lists as lists), partial corrections,
 * masked values refused, idempotency by the parsed body.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { mediators } from "../../db/schema";
import { consultationData, legalAidData, makeActor, makeLegalAidCentre, makeTree } from "../../tests/factories";
import { createApiToken } from "./api-tokens.server";
import { createConsultation } from "./consultations.server";
import { registerMediation } from "./mediations.server";
import { applyLegalAid } from "./legal-aid.server";
import { loader as consultationList, action as consultationCreate } from "~/routes/api.v1.consultations";
import { loader as consultationOne, action as consultationPut } from "~/routes/api.v1.consultations.$id";
import { loader as mediationList } from "~/routes/api.v1.mediations";
import { loader as mediationOne, action as mediationPut } from "~/routes/api.v1.mediations.$id";
import { loader as legalAidList } from "~/routes/api.v1.legal-aid-cases";
import { loader as legalAidOne, action as legalAidPut } from "~/routes/api.v1.legal-aid-cases.$id";

let tree: Awaited<ReturnType<typeof makeTree>>;
let staff: Awaited<ReturnType<typeof makeActor>>;
let token = "";
let mediationId = 0;
let mediatorIds: number[] = [];
let legalAidId = 0;

type Handler = (args: never) => Promise<Response>;
const call = async (fn: Handler, url: string, init: RequestInit & { params?: Record<string, string> } = {}) => {
  const { params = {}, ...rest } = init;
  const headers = { Authorization: `Bearer ${token}`, ...(rest.body ? { "Content-Type": "application/json" } : {}), ...(rest.headers as Record<string, string>) };
  const res = await fn({ request: new Request(`http://localhost${url}`, { ...rest, headers }), params, context: {} } as never).catch((e: unknown) => {
    if (e instanceof Response) return e;
    throw e;
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
};
const get = (fn: Handler, url: string, id?: number) => call(fn, url, id ? { params: { id: String(id) } } : {});
const put = (fn: Handler, url: string, id: number, body: unknown) => call(fn, url, { method: "PUT", params: { id: String(id) }, body: JSON.stringify(body) });

beforeAll(async () => {
  tree = await makeTree();
  staff = await makeActor(tree.townA1, "staff");
  const t = await createApiToken({ actor: staff, name: "对接" });
  if (!t.ok) throw new Error("token");
  token = t.value.token;
  for (let i = 0; i < 5; i++) await createConsultation({ actor: staff, data: consultationData(tree.townA1.id, { persons: i + 1, categories: ["women", "elderly"] }) });
  mediatorIds = [];
  for (const name of ["张调解", "李调解"]) mediatorIds.push((await getDb().insert(mediators).values({ unitId: tree.townA1.id, name, startOn: "2015-01-01" }).returning().get()).id);
  const m = await registerMediation({
    actor: staff,
    data: {
      registeredOn: "2024-03-05",
      unitId: tree.townA1.id,
      source: "application",
      disputeType: "neighbour",
      summary: "两户因院墙排水发生争执",
      personsInvolved: 2,
      amount: 5000_50,
      isMass: false,
      preventedCriminal: false,
      preventedPetition: false,
      parties: [
        { side: "applicant", kind: "person", name: "王大成", ethnicity: "汉族", occupation: "农民", phone: "13812345678", address: "山西省运城市临猗县猗氏镇城东村3组", idNumber: "", birthDate: undefined, age: undefined, gender: "male" },
        { side: "respondent", kind: "person", name: "赵小军", ethnicity: "", occupation: "", phone: "13900001111", address: "", idNumber: "", birthDate: undefined, age: undefined, gender: undefined },
      ],
      mediatorIds: [mediatorIds[0]],
    },
  });
  if (!m.ok) throw new Error(JSON.stringify(m));
  mediationId = m.value.id;
  const centre = await makeLegalAidCentre(tree.countyA);
  void centre;
  const la = await applyLegalAid({ actor: staff, data: legalAidData(tree.townA1.id) });
  if (!la.ok) throw new Error(JSON.stringify(la));
  legalAidId = la.value.id;
});

describe("API lists", () => {
  it("refuse an unknown filter, naming it and the allowed ones", async () => {
    for (const [fn, url] of [
      [consultationList, "/api/v1/consultations?chanel=hotline"],
      [mediationList, "/api/v1/mediations?chanel=hotline"],
      [legalAidList, "/api/v1/legal-aid-cases?chanel=hotline"],
    ] as const) {
      const r = await get(fn, url);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: "unknown_filter", unknownFilters: ["chanel"], allowedFilters: expect.arrayContaining(["from", "to", "unit", "page", "pageSize"]) });
      expect(r.body.message).toMatch(/未知的查询参数：chanel；可用：/);
    }
  });

  it("refuse a value a filter does not take, with the allowed values", async () => {
    const r = await get(consultationList, "/api/v1/consultations?channel=fax");
    expect(r.status).toBe(400);
    expect(r.body.fieldErrors.channel).toMatch(/“fax”不是可选值，可选：walk_in、hotline/);
    expect(r.body.allowedValues.channel).toContain("hotline");
    expect((await get(mediationList, "/api/v1/mediations?status=nonsense")).status).toBe(400);
  });

  it("refuse a page size above the maximum, saying the maximum", async () => {
    for (const [fn, url] of [
      [consultationList, "/api/v1/consultations?pageSize=500"],
      [mediationList, "/api/v1/mediations?pageSize=201"],
      [legalAidList, "/api/v1/legal-aid-cases?pageSize=1000"],
    ] as const) {
      const r = await get(fn, url);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ maxPageSize: 200, fieldErrors: { pageSize: expect.stringMatching(/最大 200/) } });
    }
    expect((await get(consultationList, "/api/v1/consultations?pageSize=200")).status).toBe(200);
  });

  it("answer an empty page past the end, with the totals, so a client paging until empty stops", async () => {
    const seen: number[] = [];
    for (let page = 1; page < 10; page++) {
      const r = await get(consultationList, `/api/v1/consultations?pageSize=2&page=${page}`);
      expect(r.status).toBe(200);
      if (!r.body.data.length) {
        expect(r.body).toMatchObject({ page: 4, pages: 3, total: 5, pageSize: 2, personTimes: 15 });
        break;
      }
      seen.push(...r.body.data.map((x: { id: number }) => x.id));
    }
    expect(new Set(seen).size).toBe(5);
    const med = await get(mediationList, "/api/v1/mediations?page=2");
    expect(med.body).toMatchObject({ data: [], page: 2, pages: 1, total: 1 });
    const la = await get(legalAidList, "/api/v1/legal-aid-cases?page=3");
    expect(la.body).toMatchObject({ data: [], page: 3, pages: 1, total: 1 });
  });

  it("give money in 元 and categories as lists", async () => {
    const c = await get(consultationList, "/api/v1/consultations?pageSize=1");
    expect(c.body.data[0].categories).toEqual(["elderly", "women"]);
    const m = await get(mediationList, "/api/v1/mediations");
    expect(m.body).toHaveProperty("agreementAmount", 0);
    expect(m.body).not.toHaveProperty("agreementAmountFen");
  });
});

describe("API records: one shape for GET and PUT", () => {
  it("a consultation read with GET can be PUT back, and a PUT changes only what it names", async () => {
    const id = (await get(consultationList, "/api/v1/consultations?pageSize=1")).body.data[0].id as number;
    const read = await get(consultationOne, `/api/v1/consultations/${id}`, id);
    expect(read.body.categories).toEqual(["elderly", "women"]);
    const back = await put(consultationPut, `/api/v1/consultations/${id}`, id, read.body);
    expect(back.status).toBe(200);
    expect(back.body.categories).toEqual(["elderly", "women"]);
    const partial = await put(consultationPut, `/api/v1/consultations/${id}`, id, { summary: "补充：已电话回访" });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ summary: "补充：已电话回访", categories: ["elderly", "women"], persons: read.body.persons, channel: read.body.channel });
    const stale = await put(consultationPut, `/api/v1/consultations/${id}`, id, { summary: "x", version: read.body.version });
    expect(stale.status).toBe(409);
    const unknown = await put(consultationPut, `/api/v1/consultations/${id}`, id, { sumary: "x" });
    expect(unknown).toMatchObject({ status: 400, body: { error: "unknown_field", unknownFields: ["sumary"] } });
  });

  it("a dispute: money in 元 both ways, mediators as ids, a summary-only PUT keeps the parties' phones", async () => {
    const read = await get(mediationOne, `/api/v1/mediations/${mediationId}`, mediationId);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ amount: 5000.5, mediatorIds: [mediatorIds[0]] });
    expect(read.body).not.toHaveProperty("amountFen");
    expect(read.body.parties[0].phone).toBe("138****5678");
    // the whole record sent back as read changes nothing
    const back = await put(mediationPut, `/api/v1/mediations/${mediationId}`, mediationId, read.body);
    expect(back.status).toBe(200);
    const phones = async () => await getDb().all<{ phone: string; ethnicity: string | null }>(sql`SELECT phone, ethnicity FROM mediation_parties WHERE mediation_id = ${mediationId} ORDER BY sort_order`);
    expect(await phones()).toEqual([
      { phone: "13812345678", ethnicity: "汉族" },
      { phone: "13900001111", ethnicity: null },
    ]);
    const summary = await put(mediationPut, `/api/v1/mediations/${mediationId}`, mediationId, { summary: "两户因院墙排水发生争执（补充）" });
    expect(summary.status).toBe(200);
    expect((await phones())[0].phone).toBe("13812345678");
    const money = await put(mediationPut, `/api/v1/mediations/${mediationId}`, mediationId, { amount: 7000.25, mediatorIds: mediatorIds });
    expect(money.body).toMatchObject({ amount: 7000.25, mediatorIds: expect.arrayContaining(mediatorIds), summary: "两户因院墙排水发生争执（补充）" });
    expect((await getDb().get<{ f: number }>(sql`SELECT amount_fen AS f FROM mediations WHERE id = ${mediationId}`))!.f).toBe(700025);
    // one party's phone corrected by its id; the other party untouched
    const stale = await put(mediationPut, `/api/v1/mediations/${mediationId}`, mediationId, { parties: read.body.parties });
    expect(stale.status).toBe(409); // the parties were rewritten by the corrections since the read
    const fresh = (await get(mediationOne, `/api/v1/mediations/${mediationId}`, mediationId)).body;
    const one = await put(mediationPut, `/api/v1/mediations/${mediationId}`, mediationId, { parties: [{ ...fresh.parties[0], phone: "13700000000" }, fresh.parties[1]] });
    expect(one.status).toBe(200);
    expect((await phones()).map((p) => p.phone)).toEqual(["13700000000", "13900001111"]);
  });

  it("refuses a masked value that is not the record's own, naming the field (422)", async () => {
    const read = await get(mediationOne, `/api/v1/mediations/${mediationId}`, mediationId);
    const p0 = read.body.parties[0];
    const r = await put(mediationPut, `/api/v1/mediations/${mediationId}`, mediationId, { parties: [{ ...p0, phone: "139****0000" }, read.body.parties[1]] });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: "masked_value", fieldErrors: { "parties.0.phone": expect.stringMatching(/遮蔽/) } });
    const newParty = await put(mediationPut, `/api/v1/mediations/${mediationId}`, mediationId, {
      parties: [...read.body.parties, { side: "respondent", kind: "person", name: "钱某", phone: "", idNumber: "140821********1234" }],
    });
    expect(newParty).toMatchObject({ status: 422, body: { fieldErrors: { "parties.2.idNumber": expect.any(String) } } });
  });

  it("a legal aid case read with GET can be PUT back; money and masks as for disputes", async () => {
    const read = await get(legalAidOne, `/api/v1/legal-aid-cases/${legalAidId}`, legalAidId);
    expect(read.status).toBe(200);
    expect(read.body).toHaveProperty("recovered");
    expect(read.body).not.toHaveProperty("recoveredFen");
    expect(read.body.beneficiaries[0]).toMatchObject({ phone: "138****5678", categories: ["migrant_worker"] });
    const back = await put(legalAidPut, `/api/v1/legal-aid-cases/${legalAidId}`, legalAidId, read.body);
    expect(back.status).toBe(200);
    const cause = await put(legalAidPut, `/api/v1/legal-aid-cases/${legalAidId}`, legalAidId, { cause: "劳动报酬纠纷" });
    expect(cause.body).toMatchObject({ cause: "劳动报酬纠纷" });
    const b = (await getDb().get<{ phone: string; address: string }>(sql`SELECT phone, address FROM legal_aid_beneficiaries WHERE case_id = ${legalAidId}`))!;
    expect(b).toEqual({ phone: "13812345678", address: "临猗县猗氏镇城东村3组15号" });
    const masked = await put(legalAidPut, `/api/v1/legal-aid-cases/${legalAidId}`, legalAidId, { applicantPhone: "135****1111" });
    expect(masked).toMatchObject({ status: 422, body: { fieldErrors: { applicantPhone: expect.any(String) } } });
  });

  it("idempotency compares the parsed body: the same JSON with other spacing or key order replays", async () => {
    const body = consultationData(tree.townA1.id, { persons: 3 });
    const post = (text: string) => call(consultationCreate, "/api/v1/consultations", { method: "POST", headers: { "Idempotency-Key": "same-json" }, body: text });
    const first = await post(JSON.stringify(body));
    expect(first.status).toBe(201);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await post(JSON.stringify(reordered, null, 2));
    expect(again).toMatchObject({ status: 201, body: first.body });
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await post(JSON.stringify({ ...body, persons: 4 }))).status).toBe(422);
  });
});
