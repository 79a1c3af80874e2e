/** Shown on every page of an inactive customer: why the forms are gone. */
export function InactiveNotice() {
  return (
    <p role="status" className="mb-6 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
      Your customer account is inactive. You can still see your history, bills and usage, but
      changes are not possible. Contact us to reactivate it.
    </p>
  );
}
