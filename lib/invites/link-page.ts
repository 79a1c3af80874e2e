import type { UnavailableReason } from "@/lib/domain/invite-acceptance";

/**
 * The pages an invitation link answers with when it cannot be used. They are route handler
 * responses, not App Router pages, because a page cannot answer 410 Gone; so they carry their
 * own small stylesheet in the portal's colours.
 */

function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const STYLES = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#0f172a;background:#f8fafc;line-height:1.5}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;padding:48px 16px}
main{width:100%;max-width:28rem;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem;padding:2rem;box-shadow:0 1px 2px rgba(15,23,42,.06)}
.brand{margin:0;font-size:.875rem;font-weight:600;letter-spacing:.05em;text-transform:uppercase;color:#0b6249}
h1{margin:.5rem 0 0;font-size:1.5rem;line-height:2rem}
p{margin:.75rem 0 0;color:#334155}
.actions{margin-top:1.5rem;display:flex;gap:1rem;flex-wrap:wrap}
a{color:#0b6249;font-weight:600}
a:focus-visible{outline:2px solid #11795a;outline-offset:2px}
`;

interface PageCopy {
  title: string;
  body: string;
}

const copy: Record<UnavailableReason, PageCopy> = {
  unknown: {
    title: "This invitation link is not valid",
    body: "Check that you opened the whole link from your invitation email. If it still does not work, ask the person who invited you to send a new invitation.",
  },
  expired: {
    title: "This invitation has expired",
    body: "Invitation links work for a limited time. Ask the person who invited you to send a new one.",
  },
  used: {
    title: "This invitation has already been used",
    body: "Each invitation link works once. If you accepted it, sign in to see your account.",
  },
  revoked: {
    title: "This invitation was withdrawn",
    body: "The person who invited you has cancelled this invitation. Ask them if you still need access.",
  },
};

function page(status: number, { title, body }: PageCopy): Response {
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Energy account</title>
<style>${STYLES}</style>
</head>
<body>
<main>
<p class="brand">Energy account</p>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(body)}</p>
<div class="actions"><a href="/signin">Sign in</a><a href="/">Go to the portal</a></div>
</main>
</body>
</html>`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
    },
  });
}

/** 404 for a link we never issued, 410 for one that is spent. */
export function unavailablePage(reason: UnavailableReason): Response {
  return page(reason === "unknown" ? 404 : 410, copy[reason]);
}

/** Any other refusal of the accept step (403, 409, 503), in the invitee's words. */
export function refusalPage(status: number, message: string): Response {
  return page(status, { title: "We could not accept this invitation", body: message });
}
