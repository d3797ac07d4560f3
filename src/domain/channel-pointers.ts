// Where a channel's pointers go when it moves. The fallback of a staged rollout (`previous`) and
// the target of a one-step rollback must be a release that every device of the channel was once
// served, and never one the channel was rolled back away from: an admin who rolled a build back
// said "not this one", and a later rollout or rollback must not quietly hand it out again.
//
// The state is rebuilt by replaying the channel's history, oldest first, so it needs no stored
// stack. A deleted release (its rows keep only its label) simply drops out: the moves onto it are
// skipped, so it is never a fallback or a rollback target.

export type ChannelMoveKind = "promote" | "rollback" | "rollout";

/** One recorded move; `releaseId` is the channel's current release after the move. */
export interface ChannelMove {
  kind: ChannelMoveKind;
  releaseId: string;
  rolloutPercent: number;
}

export interface ChannelPointers {
  currentReleaseId: string | null;
  previousReleaseId: string | null;
  rolloutPercent: number;
}

export interface ChannelTimeline extends ChannelPointers {
  /** Releases every device was served at some point, oldest first, without rolled-back ones. */
  settled: readonly string[];
  /** Releases the channel was rolled back away from (and not explicitly promoted again since). */
  rolledBack: ReadonlySet<string>;
}

export const EMPTY_TIMELINE: ChannelTimeline = {
  currentReleaseId: null,
  previousReleaseId: null,
  rolloutPercent: 100,
  settled: [],
  rolledBack: new Set(),
};

function fallbackFor(settled: readonly string[], current: string | null): string | null {
  for (let i = settled.length - 1; i >= 0; i--) if (settled[i] !== current) return settled[i] ?? null;
  return null;
}

/** Settles the current release when every device gets it: complete rollout, or nothing to fall back to. */
function settle(settled: readonly string[], current: string, percent: number): readonly string[] {
  const others = settled.filter((id) => id !== current);
  const fallback = fallbackFor(others, current);
  return percent >= 100 || fallback === null ? [...others, current] : settled;
}

function pointTo(timeline: ChannelTimeline, releaseId: string, percent: number, rolledBack: Set<string>): ChannelTimeline {
  rolledBack.delete(releaseId); // pointing at it again is an explicit decision that lifts the mark
  const base = timeline.settled.filter((id) => !rolledBack.has(id));
  const settled = settle(base, releaseId, percent);
  return { currentReleaseId: releaseId, previousReleaseId: fallbackFor(settled, releaseId), rolloutPercent: percent, settled, rolledBack };
}

/** The channel after one more move. */
export function applyChannelMove(timeline: ChannelTimeline, move: ChannelMove): ChannelTimeline {
  const rolledBack = new Set(timeline.rolledBack);
  switch (move.kind) {
    case "promote":
      return pointTo(timeline, move.releaseId, move.rolloutPercent, rolledBack);
    case "rollback":
      if (timeline.currentReleaseId !== null && timeline.currentReleaseId !== move.releaseId) rolledBack.add(timeline.currentReleaseId);
      return pointTo(timeline, move.releaseId, move.rolloutPercent, rolledBack);
    case "rollout": {
      if (timeline.currentReleaseId === null) return { ...timeline, rolloutPercent: move.rolloutPercent };
      const settled = settle(timeline.settled, timeline.currentReleaseId, move.rolloutPercent);
      return { ...timeline, rolloutPercent: move.rolloutPercent, settled, previousReleaseId: fallbackFor(settled, timeline.currentReleaseId) };
    }
  }
}

/** A move as the history recorded it: `releaseId` is null once that release is deleted. */
export type RecordedChannelMove = Omit<ChannelMove, "releaseId"> & { releaseId: string | null };

/** Replays a channel's history, oldest move first, skipping the moves onto deleted releases. */
export function replayChannelMoves(moves: Iterable<RecordedChannelMove>): ChannelTimeline {
  let timeline = EMPTY_TIMELINE;
  for (const { kind, releaseId, rolloutPercent } of moves) if (releaseId !== null) timeline = applyChannelMove(timeline, { kind, releaseId, rolloutPercent });
  return timeline;
}

/** Where a one-step rollback goes: the newest release every device was served, other than the current one. */
export function rollbackTarget(timeline: ChannelTimeline): string | null {
  return timeline.previousReleaseId;
}
