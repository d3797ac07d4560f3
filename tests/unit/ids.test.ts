import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { idFloorAt, newId } from "@/server/store/ids";

describe("time-ordered ids", () => {
  it("sort after the floor of their millisecond and before the next one's", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_600_000_000_000, max: 4_000_000_000_000 }), (ms) => {
        const id = newId(ms);
        // newId never goes back in time within a process, so compare against the time it used.
        const used = parseInt(id.replace(/-/g, "").slice(0, 12), 16);
        expect(id >= idFloorAt(used)).toBe(true);
        expect(id < idFloorAt(used + 1)).toBe(true);
        expect(used).toBeGreaterThanOrEqual(ms);
      }),
    );
  });

  it("floors compare in time order", () => {
    expect(idFloorAt(1_700_000_000_000) < idFloorAt(1_700_000_000_001)).toBe(true);
    expect(idFloorAt(0)).toBe("00000000-0000-0000-0000-000000000000");
  });
});
