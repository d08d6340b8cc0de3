import { beforeAll, describe, expect, it } from "vitest";
import { makeActor, makeTree } from "../../tests/factories";
import { addMediator, addRegistryPerson, endRegistryTerm, getRegistryPerson, listRegistryPeople } from "./registries.server";

let tree: Awaited<ReturnType<typeof makeTree>>;
let admin: Awaited<ReturnType<typeof makeActor>>;
const DAY = "2026-06-01";

beforeAll(async () => {
  tree = await makeTree();
  admin = await makeActor(tree.countyA, "admin");
  // 678 mediators in the county (more than the 500 the list used to stop at): every third one full-time
  for (let i = 0; i < 678; i++) {
    const unitId = [tree.townA1.id, tree.townA2.id, tree.villA1a.id][i % 3];
    const r = await addMediator({ actor: admin, data: { unitId, name: `调解员${String(i).padStart(3, "0")}`, fullTime: i % 3 === 0, startOn: "2020-01-01" } as never });
    if (!r.ok) throw new Error("mediator");
  }
  // one whose term ended before the day, one in the other county: neither is listed
  await addMediator({ actor: admin, data: { unitId: tree.townA1.id, name: "已离任", fullTime: false, startOn: "2020-01-01", endOn: "2025-12-31" } as never });
  await addMediator({ actor: await makeActor(tree.countyB, "admin"), data: { unitId: tree.townB1.id, name: "万荣调解员", fullTime: true, startOn: "2020-01-01" } as never });
  for (let i = 0; i < 3; i++) await addRegistryPerson({ actor: admin, kind: "literate", data: { unitId: tree.villA1a.id, name: `明白人${i}`, startOn: "2021-01-01" } as never });
});

describe("the registry roster is paged, with totals of the whole list", () => {
  it("every active mediator of the county, 50 a page, none twice, totals of all 678", async () => {
    const first = await listRegistryPeople({ actor: admin, kind: "mediator", unitId: tree.countyA.id, day: DAY });
    expect(first).toMatchObject({ total: 678, fullTime: 226, page: 1, pages: 14 });
    expect(first.rows).toHaveLength(50);
    const seen = new Set<number>();
    for (let page = 1; page <= first.pages; page++) {
      const l = await listRegistryPeople({ actor: admin, kind: "mediator", unitId: tree.countyA.id, day: DAY, page });
      expect(l.page).toBe(page);
      for (const r of l.rows) seen.add(r.id);
    }
    expect(seen.size).toBe(678);
    const last = await listRegistryPeople({ actor: admin, kind: "mediator", unitId: tree.countyA.id, day: DAY, page: 14 });
    expect(last.rows).toHaveLength(678 - 13 * 50);
    expect(last.rows.map((r) => r.name)).not.toContain("已离任");
    expect(last.rows.map((r) => r.name)).not.toContain("万荣调解员");
  });

  it("a page past the end shows the last page; nonsense shows the first", async () => {
    expect((await listRegistryPeople({ actor: admin, kind: "mediator", unitId: tree.countyA.id, day: DAY, page: 99 })).page).toBe(14);
    expect((await listRegistryPeople({ actor: admin, kind: "mediator", unitId: tree.countyA.id, day: DAY, page: -3 })).page).toBe(1);
  });

  it("other registries are paged the same way", async () => {
    expect(await listRegistryPeople({ actor: admin, kind: "literate", unitId: tree.countyA.id, day: DAY })).toMatchObject({ total: 3, pages: 1, page: 1 });
    expect(await listRegistryPeople({ actor: admin, kind: "literate", unitId: tree.townA2.id, day: DAY })).toMatchObject({ total: 0, rows: [] });
  });
});

describe("ending a term", () => {
  it("shows the person to confirm, ends the term once, and the list and totals follow", async () => {
    const { rows } = await listRegistryPeople({ actor: admin, kind: "mediator", unitId: tree.townA2.id, day: DAY });
    const person = rows[0];
    expect(await getRegistryPerson({ actor: admin, kind: "mediator", id: person.id })).toMatchObject({ name: person.name, endOn: null });
    // outside the actor's county: not shown
    expect(await getRegistryPerson({ actor: await makeActor(tree.countyB, "admin"), kind: "mediator", id: person.id })).toBeNull();
    expect(await endRegistryTerm({ actor: admin, kind: "mediator", id: person.id, endOn: "2019-12-31" })).toMatchObject({ ok: false, fieldErrors: { endOn: "err.endBeforeStart" } });
    expect(await endRegistryTerm({ actor: admin, kind: "mediator", id: person.id, endOn: "2026-05-31" })).toMatchObject({ ok: true });
    // a second confirmation (a form sent twice) does not move the date
    expect(await endRegistryTerm({ actor: admin, kind: "mediator", id: person.id, endOn: "2026-05-20" })).toMatchObject({ ok: false, status: 409 });
    expect(await getRegistryPerson({ actor: admin, kind: "mediator", id: person.id })).toMatchObject({ endOn: "2026-05-31" });
    expect((await listRegistryPeople({ actor: admin, kind: "mediator", unitId: tree.countyA.id, day: DAY })).total).toBe(677);
    expect((await listRegistryPeople({ actor: admin, kind: "mediator", unitId: tree.countyA.id, day: "2026-05-31" })).total).toBe(678);
  });
});
