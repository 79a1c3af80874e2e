import { expect, test } from "./fixtures";
import { PortalSignInPage } from "./pages/portal-sign-in-page";

test("a landlord's dashboard says bills are outside their role rather than that there are none", async ({
  page,
}) => {
  await new PortalSignInPage(page).signInAs("lena");
  await expect(page.getByRole("heading", { level: 1, name: "Lena Okafor" })).toBeVisible();
  await expect(page.getByTestId("bills-not-visible")).toHaveText(
    "Your role on these accounts does not include bills.",
  );
  await expect(page.getByText("No bills yet")).toHaveCount(0);
});
