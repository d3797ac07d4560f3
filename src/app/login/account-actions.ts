"use server";
// The forms of the one-time links (invitation, password reset), "forgot password" and a signed-in
// user's new password: each
// calls one service and answers the form's state; success goes to sign-in with a message.
import { redirect } from "next/navigation";
import { isDomainError } from "@/domain/errors";
import { serverContext } from "@/server/composition";
import { currentUser } from "@/server/entry/current-user";
import { changeOwnPassword, resetPassword } from "@/server/services/account";
import { acceptInvitation } from "@/server/services/invitations";
import { requestPasswordReset } from "@/server/services/user-admin";

export interface FormState {
  error: string | null;
  done?: boolean;
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").slice(0, 2048);

function refusal(error: unknown): FormState {
  if (isDomainError(error)) return { error: error.message.replace(/^Invalid \w+: /, "") };
  console.error("account form failed:", error);
  return { error: "Something went wrong on the server. Try again." };
}

export async function acceptInvitationAction(_state: FormState, form: FormData): Promise<FormState> {
  const password = text(form, "password");
  if (password !== text(form, "confirm")) return { error: "The two passwords differ." };
  let email: string;
  try {
    ({ email } = await acceptInvitation((await serverContext()).store, text(form, "secret"), { name: text(form, "name"), password }));
  } catch (error) {
    return refusal(error);
  }
  // The new account's email fills the sign-in form: the person only types the password they just chose.
  redirect(`/login?welcome=1&email=${encodeURIComponent(email)}`);
}

export async function resetPasswordAction(_state: FormState, form: FormData): Promise<FormState> {
  const password = text(form, "password");
  if (password !== text(form, "confirm")) return { error: "The two passwords differ." };
  try {
    await resetPassword((await serverContext()).store, text(form, "secret"), password);
  } catch (error) {
    return refusal(error);
  }
  redirect("/login?reset=1");
}

export async function forgotPasswordAction(_state: FormState, form: FormData): Promise<FormState> {
  const { store, links, config } = await serverContext();
  try {
    await requestPasswordReset(store, { link: links.passwordReset, mail: config }, text(form, "email"));
  } catch (error) {
    console.error("password reset request failed:", error);
  }
  // The same answer whether or not the address has an account.
  return { error: null, done: true };
}

export async function changePasswordAction(_state: FormState, form: FormData): Promise<FormState> {
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=/login/password");
  const next = text(form, "password");
  if (next !== text(form, "confirm")) return { error: "The two new passwords differ." };
  try {
    await changeOwnPassword((await serverContext()).store, user.id, { current: text(form, "current"), next });
  } catch (error) {
    return refusal(error);
  }
  // Every session of the user ended with the old password, this one too: sign in with the new one.
  redirect("/login?reset=1");
}
