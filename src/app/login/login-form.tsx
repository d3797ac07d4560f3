"use client";
// Posts to /api/auth/sign-in and shows its answer in place: a wrong password, or the throttle's
// wait counting down (from the 429's Retry-After). Without JavaScript the same form posts natively.
import { useEffect, useState } from "react";
import { throttledMessage } from "@/domain/sign-in-throttle";

const inputClass = "rounded-md border border-slate-300 bg-transparent px-3 py-2 text-base dark:border-slate-700";

export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const [error, setError] = useState(initialError);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [pending, setPending] = useState(false);

  useEffect(() => {
    if (waitUntil === null) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= waitUntil) setWaitUntil(null);
    }, 1_000);
    return () => clearInterval(timer);
  }, [waitUntil]);

  const secondsLeft = waitUntil === null ? 0 : Math.max(1, Math.ceil((waitUntil - now) / 1000));

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const form = new FormData(event.currentTarget);
      const res = await fetch("/api/auth/sign-in", {
        method: "POST",
        headers: { accept: "application/json" },
        body: new URLSearchParams([...form.entries()].map(([key, value]) => [key, String(value)])),
      });
      if (res.ok) {
        const { url } = (await res.json()) as { url: string };
        window.location.assign(url);
        return;
      }
      if (res.status === 429) {
        const seconds = Number(res.headers.get("retry-after")) || 1;
        setNow(Date.now());
        setWaitUntil(Date.now() + seconds * 1000);
      } else if (res.status === 401) {
        setError("Wrong email or password.");
      } else {
        setError(`Sign-in failed (HTTP ${res.status}).`);
      }
    } catch {
      setError("Could not reach the server. Try again.");
    }
    setPending(false);
  }

  const message = waitUntil !== null ? throttledMessage(secondsLeft) : error;
  return (
    <>
      {message && (
        <p role="alert" data-testid="login-error" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {message}
        </p>
      )}
      <form action="/api/auth/sign-in" method="post" onSubmit={submit} className="flex flex-col gap-4">
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <label className="flex flex-col gap-1 text-sm font-medium">
          Email
          <input name="email" type="email" autoComplete="username" required className={inputClass} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Password
          <input name="password" type="password" autoComplete="current-password" required className={inputClass} />
        </label>
        <button
          type="submit"
          disabled={pending || waitUntil !== null}
          className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60"
        >
          Sign in
        </button>
      </form>
    </>
  );
}
