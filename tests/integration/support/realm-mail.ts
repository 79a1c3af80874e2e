/** The link of the newest verification email the realm sent to `email` (its mail catcher). */
export async function verificationLink(idpOrigin: string, email: string): Promise<string> {
  const mails = (await (await fetch(`${idpOrigin}/mail`)).json()) as { to: string; text: string }[];
  const mail = mails.filter((m) => m.to === email.toLowerCase()).at(-1);
  const link = mail && /https?:\/\/\S+\/verify-email\?key=\S+/.exec(mail.text)?.[0];
  if (!link) throw new Error(`No verification email to ${email}`);
  return link;
}
