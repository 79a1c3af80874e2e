import { relations } from "drizzle-orm";
import { accounts, customerAccounts } from "./accounts";
import { accessAudit } from "./audit";
import { bills, payments } from "./billing";
import { customers } from "./customers";
import { escos } from "./escos";
import { customerEvents } from "./events";
import { customerInvites } from "./invites";
import { meterReadings, meters } from "./meters";
import { preferences } from "./preferences";
import { premises } from "./premises";
import { benchmarkTariffs, customerTariffs, microgridTariffs } from "./tariffs";

export const customersRelations = relations(customers, ({ many, one }) => ({
  accountLinks: many(customerAccounts),
  preferences: one(preferences),
  tariffs: many(customerTariffs),
  events: many(customerEvents),
  accessAudit: many(accessAudit),
}));

export const accountsRelations = relations(accounts, ({ many }) => ({
  customerLinks: many(customerAccounts),
  premises: many(premises),
  bills: many(bills),
  payments: many(payments),
  invites: many(customerInvites),
}));

export const customerAccountsRelations = relations(customerAccounts, ({ one }) => ({
  customer: one(customers, { fields: [customerAccounts.customerId], references: [customers.id] }),
  account: one(accounts, { fields: [customerAccounts.accountId], references: [accounts.id] }),
}));

export const escosRelations = relations(escos, ({ many }) => ({
  premises: many(premises),
  microgridTariffs: many(microgridTariffs),
}));

export const premisesRelations = relations(premises, ({ one, many }) => ({
  account: one(accounts, { fields: [premises.accountId], references: [accounts.id] }),
  esco: one(escos, { fields: [premises.escoId], references: [escos.id] }),
  meters: many(meters),
}));

export const metersRelations = relations(meters, ({ one, many }) => ({
  premise: one(premises, { fields: [meters.premiseId], references: [premises.id] }),
  readings: many(meterReadings),
}));

export const meterReadingsRelations = relations(meterReadings, ({ one }) => ({
  meter: one(meters, { fields: [meterReadings.meterId], references: [meters.id] }),
}));

export const billsRelations = relations(bills, ({ one }) => ({
  account: one(accounts, { fields: [bills.accountId], references: [accounts.id] }),
}));

export const paymentsRelations = relations(payments, ({ one }) => ({
  account: one(accounts, { fields: [payments.accountId], references: [accounts.id] }),
}));

export const preferencesRelations = relations(preferences, ({ one }) => ({
  customer: one(customers, { fields: [preferences.customerId], references: [customers.id] }),
}));

export const benchmarkTariffsRelations = relations(benchmarkTariffs, ({ many }) => ({
  microgridTariffs: many(microgridTariffs),
  customerTariffs: many(customerTariffs),
}));

export const microgridTariffsRelations = relations(microgridTariffs, ({ one, many }) => ({
  esco: one(escos, { fields: [microgridTariffs.escoId], references: [escos.id] }),
  benchmark: one(benchmarkTariffs, {
    fields: [microgridTariffs.benchmarkTariffId],
    references: [benchmarkTariffs.id],
  }),
  customerTariffs: many(customerTariffs),
}));

export const customerTariffsRelations = relations(customerTariffs, ({ one }) => ({
  customer: one(customers, { fields: [customerTariffs.customerId], references: [customers.id] }),
  benchmark: one(benchmarkTariffs, {
    fields: [customerTariffs.benchmarkTariffId],
    references: [benchmarkTariffs.id],
  }),
  microgrid: one(microgridTariffs, {
    fields: [customerTariffs.microgridTariffId],
    references: [microgridTariffs.id],
  }),
}));

export const customerInvitesRelations = relations(customerInvites, ({ one }) => ({
  account: one(accounts, { fields: [customerInvites.accountId], references: [accounts.id] }),
  acceptedCustomer: one(customers, {
    fields: [customerInvites.acceptedCustomerId],
    references: [customers.id],
  }),
}));

export const customerEventsRelations = relations(customerEvents, ({ one }) => ({
  customer: one(customers, { fields: [customerEvents.customerId], references: [customers.id] }),
}));

export const accessAuditRelations = relations(accessAudit, ({ one }) => ({
  customer: one(customers, { fields: [accessAudit.customerId], references: [customers.id] }),
}));
