"use client";
// Posts to /api/auth/sign-in and shows its answer in place: a wrong password, or the throttle's
// wait counting down (from the 429's Retry-After). Without JavaScript the same form posts natively.
import { useEffect, useState } from "react";
import { Button, Callout, Input } from "@/components/ui";
import { throttledMessage } from "@/domain/sign-in-throttle";

export function LoginForm({ callbackUrl, initialError, defaultEmail }: { callbackUrl: string; initialError: string | null; defaultEmail?: string }) {
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
        <Callout tone="danger" role="alert" data-testid="login-error">
          {message}
        </Callout>
      )}
      <form action="/api/auth/sign-in" method="post" onSubmit={submit} className="flex flex-col gap-4">
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <Input label="Email" name="email" type="email" autoComplete="username" required defaultValue={defaultEmail} />
        <Input label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" disabled={pending || waitUntil !== null} aria-busy={pending || undefined}>
          Sign in
        </Button>
      </form>
    </>
  );
}
