// Server-rendered pages in the spirit of Keycloak's login theme. Element ids and messages
// follow Keycloak's so browser tests written against a real Keycloak keep working.

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const STYLES = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:16px;color:#151515}
body{margin:0;min-height:100vh;background:linear-gradient(160deg,#1b2a3a 0%,#26384d 55%,#3a4f66 100%);display:flex;flex-direction:column;align-items:center;padding:48px 16px}
#kc-header{margin-bottom:24px;text-align:center}
#kc-header-wrapper{color:#fff;font-size:1.75rem;font-weight:300;letter-spacing:.12em;text-transform:uppercase}
main.card{background:#fff;width:100%;max-width:440px;padding:32px 40px 40px;border-top:4px solid #0066cc;box-shadow:0 8px 24px rgba(0,0,0,.3)}
h1{font-size:1.5rem;font-weight:400;margin:0 0 24px;text-align:center}
.field{margin-bottom:18px}
label{display:block;font-size:.875rem;font-weight:600;margin-bottom:6px}
input[type=text],input[type=email],input[type=password]{width:100%;font:inherit;padding:8px 10px;border:1px solid #8a8d90;border-bottom-color:#6a6e73;background:#fff;color:#151515}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #73bcf7;outline-offset:1px}
input[aria-invalid=true]{border-color:#c9190b;border-bottom-width:2px}
.error{display:block;color:#a30000;font-size:.875rem;margin-top:6px}
.alert{border:1px solid #c9190b;border-left-width:4px;background:#faeae8;color:#7d1007;padding:10px 12px;margin-bottom:20px;font-size:.9rem}
.info{border-color:#0066cc;background:#e7f1fa;color:#002952}
button{width:100%;font:inherit;font-weight:600;padding:10px;border:0;background:#0066cc;color:#fff;cursor:pointer;margin-top:8px}
button:hover{background:#004080}
.links{margin-top:24px;text-align:center;font-size:.9rem}
a{color:#0059b3}
.row{display:flex;gap:12px}
.row .field{flex:1}
`;

function layout(realmName: string, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body>
<header id="kc-header"><div id="kc-header-wrapper">${escapeHtml(realmName)}</div></header>
<main class="card" id="kc-content">
<h1 id="kc-page-title">${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

interface FieldOptions {
  id: string;
  label: string;
  type?: "text" | "email" | "password";
  value?: string;
  autocomplete: string;
  /** A message about this field alone, rendered beneath it. */
  error?: string;
  /** Marks the field invalid, pointing at a message rendered elsewhere on the page. */
  describedBy?: string;
  autofocus?: boolean;
}

function field(options: FieldOptions): string {
  const { id, label, type = "text", value, autocomplete, error, autofocus } = options;
  const errorId = `input-error-${id}`;
  const describedBy = error ? errorId : options.describedBy;
  const attributes = [
    `id="${id}"`,
    `name="${id}"`,
    `type="${type}"`,
    `autocomplete="${autocomplete}"`,
    value !== undefined && type !== "password" ? `value="${escapeHtml(value)}"` : "",
    describedBy ? `aria-invalid="true" aria-describedby="${describedBy}"` : "",
    autofocus ? "autofocus" : "",
  ].filter(Boolean);
  const message = error
    ? `\n<span id="${errorId}" class="error" aria-live="polite">${escapeHtml(error)}</span>`
    : "";
  return `<div class="field">
<label for="${id}">${escapeHtml(label)}</label>
<input ${attributes.join(" ")}>${message}
</div>`;
}

export interface LoginPage {
  realmName: string;
  action: string;
  registrationUrl?: string;
  username?: string;
  error?: string;
}

export function loginPage({
  realmName,
  action,
  registrationUrl,
  username,
  error,
}: LoginPage): string {
  const describedBy = error ? "input-error" : undefined;
  const alert = error
    ? `<div class="alert"><span id="input-error" role="alert">${escapeHtml(error)}</span></div>\n`
    : "";
  const register = registrationUrl
    ? `\n<div id="kc-registration" class="links"><span>New user? <a id="kc-register-link" href="${escapeHtml(registrationUrl)}">Register</a></span></div>`
    : "";
  const body = `${alert}<form id="kc-form-login" method="post" action="${escapeHtml(action)}" novalidate>
${field({ id: "username", label: "Username or email", value: username ?? "", autocomplete: "username", describedBy, autofocus: !username })}
${field({ id: "password", label: "Password", type: "password", autocomplete: "current-password", describedBy, autofocus: Boolean(username) })}
<button id="kc-login" name="login" type="submit">Sign In</button>
</form>${register}`;
  return layout(realmName, "Sign in to your account", body);
}

export interface RegistrationValues {
  firstName: string;
  lastName: string;
  email: string;
  username: string;
}

export type RegistrationErrors = Partial<
  Record<keyof RegistrationValues | "password" | "password-confirm", string>
>;

export interface RegistrationPage {
  realmName: string;
  action: string;
  loginUrl: string;
  values?: Partial<RegistrationValues>;
  errors?: RegistrationErrors;
}

export function registrationPage(page: RegistrationPage): string {
  const { realmName, action, loginUrl, values = {}, errors = {} } = page;
  const hasErrors = Object.keys(errors).length > 0;
  const body = `${hasErrors ? '<div class="alert" role="alert">Please correct the highlighted fields.</div>' : ""}
<form id="kc-register-form" method="post" action="${escapeHtml(action)}" novalidate>
<div class="row">
${field({ id: "firstName", label: "First name", value: values.firstName, autocomplete: "given-name", error: errors.firstName, autofocus: true })}
${field({ id: "lastName", label: "Last name", value: values.lastName, autocomplete: "family-name", error: errors.lastName })}
</div>
${field({ id: "email", label: "Email", type: "email", value: values.email, autocomplete: "email", error: errors.email })}
${field({ id: "username", label: "Username", value: values.username, autocomplete: "username", error: errors.username })}
${field({ id: "password", label: "Password", type: "password", autocomplete: "new-password", error: errors.password })}
${field({ id: "password-confirm", label: "Confirm password", type: "password", autocomplete: "new-password", error: errors["password-confirm"] })}
<button id="kc-register" type="submit">Register</button>
</form>
<div class="links"><a id="kc-login-link" href="${escapeHtml(loginUrl)}">« Back to Login</a></div>`;
  return layout(realmName, "Register", body);
}

export function messagePage(
  realmName: string,
  title: string,
  message: string,
  kind: "error" | "info",
): string {
  const role = kind === "error" ? ' role="alert"' : "";
  const body = `<div class="alert${kind === "info" ? " info" : ""}"${role}><p id="kc-${kind}-message">${escapeHtml(message)}</p></div>`;
  return layout(realmName, title, body);
}
