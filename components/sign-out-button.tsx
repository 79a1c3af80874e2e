import { Button } from "@/components/ui/button";
import { signOutEverywhere } from "@/lib/auth/actions";

export function SignOutButton() {
  return (
    <form action={signOutEverywhere}>
      <Button type="submit" variant="ghost">
        Sign out
      </Button>
    </form>
  );
}
