import { describe, expect, it } from "vitest";
import { dayOfInstant, formatInstant } from "./instants";

describe("instants are shown in China Standard Time", () => {
  it("a record entered at 17:57 UTC on 30 November reads 01:57 on 1 December", () => {
    expect(formatInstant("2026-11-30T17:57:00.000Z")).toBe("2026-12-01 01:57");
    expect(formatInstant("2026-11-30T17:57:09.123Z", { seconds: true })).toBe("2026-12-01 01:57:09");
    expect(dayOfInstant("2026-11-30T17:57:00.000Z")).toBe("2026-12-01");
  });

  it("crosses months and years, and leaves the day alone before 16:00 UTC", () => {
    expect(formatInstant("2026-12-31T16:00:00.000Z")).toBe("2027-01-01 00:00");
    expect(formatInstant("2026-11-30T15:59:59.999Z", { seconds: true })).toBe("2026-11-30 23:59:59");
    expect(dayOfInstant("2028-02-28T20:00:00Z")).toBe("2028-02-29");
  });

  it("reads SQLite's zone-less UTC text and instants with an offset", () => {
    expect(formatInstant("2026-11-30 17:57:00")).toBe("2026-12-01 01:57");
    expect(formatInstant("2026-12-01T01:57:00+08:00")).toBe("2026-12-01 01:57");
  });

  it("whatever the zone of the machine", () => {
    const tz = process.env.TZ;
    try {
      for (const zone of ["UTC", "America/New_York", "Asia/Shanghai"]) {
        process.env.TZ = zone;
        expect(formatInstant("2026-11-30T17:57:00.000Z")).toBe("2026-12-01 01:57");
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it("nothing for no instant; other text unchanged", () => {
    expect(formatInstant(null)).toBe("");
    expect(formatInstant(undefined)).toBe("");
    expect(formatInstant("不详")).toBe("不详");
    expect(dayOfInstant("")).toBe("");
  });
});
