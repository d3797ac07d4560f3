import type { ReactNode } from "react";

export interface Fact {
  label: string;
  value: ReactNode;
  testId?: string;
}

/** Label/value pairs as a description list: two columns from 640 px, stacked below. */
export function FactList({ facts }: { facts: Fact[] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
      {facts.map((fact) => (
        <div key={fact.label} className="contents">
          <dt className="font-medium text-slate-600 dark:text-slate-400">{fact.label}</dt>
          <dd className="-mt-2 min-w-0 break-words sm:mt-0" data-testid={fact.testId}>
            {fact.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
