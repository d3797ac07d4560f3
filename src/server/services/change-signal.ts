// How caches of rendered or decided data learn that the data changed: a counter of committed
// audited changes. A cache keeps what it read with the count at that time and drops it once the
// count moves (the store moves it after the commit, so no reader can keep old data past it).

export interface ChangeSignal {
  generation(): number;
  changed(): void;
}

export function createChangeSignal(): ChangeSignal {
  let count = 0;
  return {
    generation: () => count,
    changed: () => {
      count += 1;
    },
  };
}
