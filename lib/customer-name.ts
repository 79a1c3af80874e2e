export function displayName(customer: {
  type: string;
  businessName?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}): string {
  return customer.type === "business"
    ? (customer.businessName ?? "")
    : [customer.firstName, customer.lastName].filter(Boolean).join(" ");
}
