"use client";

import { useHydrated, useReadOnly } from "@/components/providers";
import { Card, CardTitle } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import type { Preferences } from "@/lib/schemas/types";
import { MailingAddressForm } from "./mailing-address-form";
import { usePreferences } from "./use-preferences";

const deliveryOptions = [
  { value: "email", label: "By email" },
  { value: "paper", label: "On paper, by post" },
  { value: "both", label: "Both" },
] as const;

const notificationOptions = [
  { key: "billReady", label: "Bill ready", description: "When a new bill is issued" },
  { key: "paymentDue", label: "Payment due", description: "A reminder before a bill falls due" },
  {
    key: "outageAlerts",
    label: "Outage alerts",
    description: "Planned and unplanned supply interruptions",
  },
  {
    key: "highUsageAlerts",
    label: "High-usage alerts",
    description: "When usage is much higher than usual",
  },
] as const;

export function PreferencesPanel({ initial }: { initial: Preferences }) {
  // Read-only for support staff viewing as the customer, and until the page is hydrated.
  const hydrated = useHydrated();
  const readOnly = useReadOnly() || !hydrated;
  const { preferences, save, saveAsync } = usePreferences(initial);
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card aria-labelledby="delivery-title">
        <CardTitle id="delivery-title">Bill delivery</CardTitle>
        <fieldset>
          <legend className="sr-only">How would you like to receive bills?</legend>
          <div className="space-y-2">
            {deliveryOptions.map((o) => (
              <label key={o.value} className="flex min-h-11 items-center gap-3">
                <input
                  type="radio"
                  name="billDelivery"
                  value={o.value}
                  checked={preferences.billDelivery === o.value}
                  onChange={() => save({ billDelivery: o.value })}
                  disabled={readOnly}
                  className="h-5 w-5 accent-brand-700"
                />
                {o.label}
              </label>
            ))}
          </div>
        </fieldset>
      </Card>
      <Card aria-labelledby="notifications-title">
        <CardTitle id="notifications-title">Notifications</CardTitle>
        <div className="divide-y divide-slate-100">
          {notificationOptions.map((o) => (
            <Switch
              key={o.key}
              label={o.label}
              description={o.description}
              checked={preferences.notifications[o.key]}
              onChange={(checked) => save({ notifications: { [o.key]: checked } })}
              disabled={readOnly}
            />
          ))}
        </div>
      </Card>
      <Card aria-labelledby="autopay-title">
        <CardTitle id="autopay-title">Auto-pay</CardTitle>
        <Switch
          label="Pay bills automatically"
          description={
            preferences.autoPay.enabled
              ? `Bills are paid on their due date${preferences.autoPay.paymentMethodId ? " with your payment method on file" : ""}.`
              : "You pay each bill yourself."
          }
          checked={preferences.autoPay.enabled}
          onChange={(enabled) => save({ autoPay: { enabled } })}
          disabled={readOnly}
        />
      </Card>
      <Card aria-labelledby="mailing-title">
        <CardTitle id="mailing-title">Mailing address</CardTitle>
        <MailingAddressForm
          address={preferences.mailingAddress}
          disabled={readOnly}
          save={saveAsync}
        />
      </Card>
    </div>
  );
}
