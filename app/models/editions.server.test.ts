import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { consultationData, makeActor, makeTree } from "../../tests/factories";
import { createConsultation, updateConsultation } from "./consultations.server";
import { defaultEditionTitle, foreignYearsInTitle } from "./report-sentences";
import { freezeEdition, getEdition, getEditionPayload, listEditions } from "./editions.server";

describe("frozen editions", () => {
  it("keep their figures byte for byte while corrections show as a restatement", async () => {
    const tree = await makeTree();
    const staff = await makeActor(tree.townA1);
    const writer = await makeActor(tree.countyA, "report_writer");
    const first = await createConsultation({ actor: staff, data: consultationData(tree.townA1.id, { date: "2025-03-05", persons: 4 }) });
    await createConsultation({ actor: staff, data: consultationData(tree.villA1a.id, { date: "2025-05-05", persons: 2 }) });
    if (!first.ok) throw new Error();

    expect(await freezeEdition({ actor: staff, unitId: tree.countyA.id, from: "2025-01-01", to: "2025-12-31", title: "x" })).toMatchObject({ status: 403 });
    expect(await freezeEdition({ actor: writer, unitId: tree.countyB.id, from: "2025-01-01", to: "2025-12-31", title: "x" })).toMatchObject({ status: 404 });
    const frozen = await freezeEdition({ actor: writer, unitId: tree.countyA.id, from: "2025-01-01", to: "2025-12-31", title: "2025年度报告（报送版）" });
    if (!frozen.ok) throw new Error();
    const before = (await getEditionPayload({ actor: writer, id: frozen.value.id }))!;
    expect(crypto.createHash("sha256").update(before.payload).digest("hex")).toBe(before.sha);
    expect(JSON.parse(before.payload).indicators["consultation.personTimes"]).toBe(6);
    expect(JSON.parse(before.payload).sentences[0]).toContain("全县共提供免费法律咨询6人次");

    // a mediator corrects a record afterwards
    const until = Date.now() + 5;
    while (Date.now() < until); // past the cut-off's millisecond
    expect((await updateConsultation({ actor: staff, id: first.value.id, version: 1, data: consultationData(tree.townA1.id, { date: "2025-03-05", persons: 9 }) })).ok).toBe(true);

    const after = (await getEditionPayload({ actor: writer, id: frozen.value.id }))!;
    expect(after.payload).toBe(before.payload);
    const e = (await getEdition({ actor: writer, id: frozen.value.id }))!;
    expect(e.frozen.indicators["consultation.personTimes"]).toBe(6);
    expect(e.current?.indicators["consultation.personTimes"]).toBe(11);
    expect(e.restated.find((r) => r.key === "consultation.personTimes")).toMatchObject({ frozen: 6, current: 11 });
    expect(e.changes.map((c) => [c.entity, c.action, c.entityId])).toEqual([["consultation", "update", String(first.value.id)]]);
    expect((await listEditions({ actor: writer })).map((x) => x.id)).toEqual([frozen.value.id]);
    // another county sees nothing of it
    expect(await getEdition({ actor: await makeActor(tree.countyB, "report_writer"), id: frozen.value.id })).toBeNull();
  });

  it("are filed under their period: a title naming another period's year is refused (issue 10)", async () => {
    const tree = await makeTree();
    const writer = await makeActor(tree.countyA, "report_writer");
    const stale = await freezeEdition({ actor: writer, unitId: tree.countyA.id, from: "2025-01-01", to: "2025-12-31", title: "临猗县2026年统计数据（报送版）" });
    expect(stale).toMatchObject({ ok: false, status: 400, fieldErrors: { title: "edition.err.titleYear" } });
    expect(await listEditions({ actor: writer })).toEqual([]);
    const ok = await freezeEdition({ actor: writer, unitId: tree.countyA.id, from: "2025-01-01", to: "2025-12-31", title: defaultEditionTitle("临猗县", "2025-01-01", "2025-12-31") });
    expect(ok.ok).toBe(true);
    expect((await listEditions({ actor: writer })).map((e) => [e.title, e.fromDay])).toEqual([["临猗县2025年统计数据（报送版）", "2025-01-01"]]);
    expect(foreignYearsInTitle("2024—2025年度报送版", "2024-07-01", "2025-06-30")).toEqual([]);
    expect(foreignYearsInTitle("第20251号", "2024-01-01", "2024-12-31")).toEqual([]);
    expect(foreignYearsInTitle("2023年报送版", "2024-01-01", "2024-12-31")).toEqual([2023]);
  });
});
