import { describe, expect, it } from "vitest";
import { applyChannelMove, type ChannelMove, replayChannelMoves } from "@/domain/channel-pointers";

const promote = (releaseId: string, rolloutPercent = 100): ChannelMove => ({ kind: "promote", releaseId, rolloutPercent });
const rollback = (releaseId: string): ChannelMove => ({ kind: "rollback", releaseId, rolloutPercent: 100 });
const rollout = (releaseId: string, rolloutPercent: number): ChannelMove => ({ kind: "rollout", releaseId, rolloutPercent });

describe("channel pointers replayed from the history", () => {
  it("an empty channel points nowhere", () => {
    expect(replayChannelMoves([])).toMatchObject({ currentReleaseId: null, previousReleaseId: null, rolloutPercent: 100 });
  });

  it("a complete promotion falls back to the release before it", () => {
    expect(replayChannelMoves([promote("r1"), promote("r2")])).toMatchObject({ currentReleaseId: "r2", previousReleaseId: "r1", settled: ["r1", "r2"] });
  });

  it("a release promoted over a half-rolled-out one keeps that rollout's fallback", () => {
    expect(replayChannelMoves([promote("r1"), promote("r2", 20), promote("r3", 10)])).toMatchObject({ currentReleaseId: "r3", previousReleaseId: "r1" });
  });

  it("the issue's sequence: after rolling R2 back, R2 is never a fallback again", () => {
    const moves = [promote("r1"), promote("r2", 20), rollback("r1"), rollout("r1", 100), promote("r3"), rollback("r1")];
    const timeline = replayChannelMoves(moves);
    expect(timeline).toMatchObject({ currentReleaseId: "r1", previousReleaseId: null });
    expect([...timeline.rolledBack].sort()).toEqual(["r2", "r3"]);
    expect(applyChannelMove(timeline, rollout("r1", 30)).previousReleaseId).toBeNull();
  });

  it("reaching 100% settles a release, so it becomes the next fallback", () => {
    const timeline = replayChannelMoves([promote("r1"), promote("r2", 10), rollout("r2", 100), promote("r3", 5)]);
    expect(timeline).toMatchObject({ currentReleaseId: "r3", previousReleaseId: "r2" });
  });

  it("skips the moves onto a deleted release (id null), as if they had never been recorded", () => {
    const deleted = (move: ChannelMove) => ({ ...move, releaseId: null });
    const kept = replayChannelMoves([promote("r1"), deleted(promote("r2")), deleted(rollout("r2", 100)), promote("r3", 10)]);
    expect(kept).toEqual(replayChannelMoves([promote("r1"), promote("r3", 10)]));
    expect(kept).toMatchObject({ currentReleaseId: "r3", previousReleaseId: "r1", settled: ["r1"] });
  });

  it("promoting a rolled-back release explicitly lifts the mark", () => {
    const timeline = replayChannelMoves([promote("r1"), promote("r2"), rollback("r1"), promote("r2")]);
    expect(timeline).toMatchObject({ currentReleaseId: "r2", previousReleaseId: "r1" });
    expect(timeline.rolledBack.has("r2")).toBe(false);
  });
});
