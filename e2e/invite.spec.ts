import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { DevMailboxPage } from "./pages/dev-mailbox-page";
import { InvitationPage } from "./pages/invitation-page";
import { PortalSignInPage } from "./pages/portal-sign-in-page";
import { type NewPerson, RealmRegistrationPage } from "./pages/realm-registration-page";
import { StaffInvitesPage } from "./pages/staff-invites-page";
import { expectNoSeriousA11yViolations } from "./support/axe";

function newPerson(firstName: string, lastName: string): NewPerson {
  const username = `${firstName}.${lastName}.${randomBytes(3).toString("hex")}`.toLowerCase();
  return {
    firstName,
    lastName,
    username,
    email: `${username}@example.net`,
    password: `pw-${randomBytes(8).toString("hex")}`,
  };
}

async function signedInAdmin(page: Page): Promise<StaffInvitesPage> {
  await new PortalSignInPage(page, "/staff/signin").signInAs("admin");
  await expect(page).toHaveURL(/\/staff$/);
  const invites = new StaffInvitesPage(page);
  await invites.open();
  return invites;
}

/** The invitee uses a browser of their own: nothing of the admin's session comes along. */
async function inviteeBrowser(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test("an admin invites someone new, who registers, accepts and reaches the portal", async ({
  page,
  browser,
}, testInfo) => {
  const person = newPerson("Nadia", "Okoro");
  const invites = await signedInAdmin(page);
  await expectNoSeriousA11yViolations(page, testInfo, "staff-invites");
  await invites.invite({ accountNumber: "1234567890", role: "agent", email: person.email });
  await invites.expectStatus(person.email, "open");

  const mailbox = new DevMailboxPage(page);
  await mailbox.open();
  await expect(mailbox.mailTo(person.email)).toContainText("queued");
  await expectNoSeriousA11yViolations(page, testInfo, "dev-mailbox");
  const link = await mailbox.invitationLink(person.email);

  const invitee = await inviteeBrowser(browser);
  await invitee.goto(link);
  const invitation = new InvitationPage(invitee);
  await invitation.expectInvitation("1234567890", "managing agent");
  await expectNoSeriousA11yViolations(invitee, testInfo, "invitation");

  await invitation.continue();
  const registration = new RealmRegistrationPage(invitee);
  await registration.openFromLogin();
  await registration.register(person);
  await expect(invitee.getByText(`Signed in as ${person.username}`)).toBeVisible();
  await invitation.accept();

  // Accepted, the customer is prelive: the portal is being set up until an admin activates it.
  await expect(invitee).toHaveURL(/\/$/);
  await expect(
    invitee.getByRole("heading", { level: 1, name: "Your account is being set up" }),
  ).toBeVisible();

  await invites.open();
  await invites.expectStatus(person.email, "accepted");
  await invites.expectStatus(person.email, "customer prelive");
  await invites.activate(person.email);

  await invitee.reload();
  await expect(invitee.getByRole("heading", { level: 1, name: "Nadia Okoro" })).toBeVisible();
  await expect(invitee.getByTestId("account-count")).toHaveText("1 account");

  const again = await invitee.goto(link);
  expect(again?.status()).toBe(410);
  await expect(invitee.getByRole("heading", { level: 1 })).toHaveText(
    "This invitation has already been used",
  );
  await invitee.context().close();
});

test("a revoked invitation's link, and a made-up one, say why they do not work", async ({
  page,
  browser,
}, testInfo) => {
  const person = newPerson("Omar", "Haddad");
  const invites = await signedInAdmin(page);
  await invites.invite({ accountNumber: "9876543210", role: "billing", email: person.email });
  await invites.revoke(person.email);
  const mailbox = new DevMailboxPage(page);
  await mailbox.open();
  const link = await mailbox.invitationLink(person.email);

  const invitee = await inviteeBrowser(browser);
  const revoked = await invitee.goto(link);
  expect(revoked?.status()).toBe(410);
  await expect(invitee.getByRole("heading", { level: 1 })).toHaveText(
    "This invitation was withdrawn",
  );
  await expectNoSeriousA11yViolations(invitee, testInfo, "invitation-revoked");

  const madeUp = await invitee.goto(`/invite/${randomBytes(32).toString("base64url")}`);
  expect(madeUp?.status()).toBe(404);
  await expect(invitee.getByRole("heading", { level: 1 })).toHaveText(
    "This invitation link is not valid",
  );
  await invitee.context().close();
});

test("support staff see the invitations but cannot send them", async ({ page }) => {
  await new PortalSignInPage(page, "/staff/signin").signInAs("jsmith");
  await expect(page).toHaveURL(/\/staff$/);
  const invites = new StaffInvitesPage(page);
  await invites.open();
  await expect(page.getByRole("button", { name: "Send invitation" })).toHaveCount(0);
  await expect(page.getByText("Only admins can send, revoke or activate.")).toBeVisible();
});

test("the dev mailbox, which shows live invitation links, asks for a staff sign-in", async ({
  browser,
}) => {
  const visitor = await inviteeBrowser(browser);
  await visitor.goto("/dev/mailbox");
  await expect(visitor).toHaveURL(/\/staff\/signin/);
  await expect(visitor.getByTestId("mail")).toHaveCount(0);
  await visitor.context().close();
});
