import type { Preferences } from "@/lib/schemas/types";

const switches: [keyof Preferences["notifications"], string][] = [
  ["billReady", "Bill ready"],
  ["paymentDue", "Payment due"],
  ["outageAlerts", "Outage alerts"],
  ["highUsageAlerts", "High usage alerts"],
];

/** The customer's delivery and notification choices, as they set them. */
export function StaffPreferences({ preferences: p }: { preferences: Preferences }) {
  const mail = p.mailingAddress;
  return (
    <dl
      className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm"
      data-testid="staff-preferences"
    >
      <dt className="text-slate-600">Bills by</dt>
      <dd>{p.billDelivery === "both" ? "email and paper" : p.billDelivery}</dd>
      {switches.map(([key, label]) => (
        <div key={key} className="contents">
          <dt className="text-slate-600">{label}</dt>
          <dd>{p.notifications[key] ? "on" : "off"}</dd>
        </div>
      ))}
      <dt className="text-slate-600">Auto-pay</dt>
      <dd>{p.autoPay.enabled ? "on" : "off"}</dd>
      <dt className="text-slate-600">Mailing address</dt>
      <dd>
        {mail.sameAsPrimaryPremise
          ? "the primary premise"
          : [mail.unit, mail.street, mail.city, mail.zip].filter(Boolean).join(", ")}
      </dd>
    </dl>
  );
}
