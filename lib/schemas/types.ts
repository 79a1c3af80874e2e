import type { z } from "zod";
import type { accountDetail, accountList, accountSummary } from "./accounts";
import type { billPage, paymentPage } from "./billing";
import type { customerProfile, customerSummary } from "./customer";
import type { erasureRequest } from "./erasure";
import type { notifications, preferences } from "./preferences";
import type { meter, meterDetail, premiseDetail, premiseList } from "./premises";

/** The API's response shapes, shared by the query functions, the pages and the client code. */
export type CustomerProfile = z.infer<typeof customerProfile>;
export type CustomerSummary = z.infer<typeof customerSummary>;
export type AccountList = z.infer<typeof accountList>;
export type AccountListItem = AccountList["accounts"][number];
export type AccountDetail = z.infer<typeof accountDetail>;
export type AccountSummary = z.infer<typeof accountSummary>;
export type BillPage = z.infer<typeof billPage>;
export type Bill = BillPage["bills"][number];
export type PaymentPage = z.infer<typeof paymentPage>;
export type PremiseList = z.infer<typeof premiseList>;
export type PremiseDetail = z.infer<typeof premiseDetail>;
export type Meter = z.infer<typeof meter>;
export type MeterDetail = z.infer<typeof meterDetail>;
export type Preferences = z.infer<typeof preferences>;
export type NotificationSettings = z.infer<typeof notifications>;
export type UsageByType = CustomerSummary["usageByType"];
export interface RecentBill extends Bill {
  accountId: string;
  accountNumber: string;
  nickname: string | null;
}

/** A customer's request to have their personal data erased. */
export type ErasureRequestView = z.infer<typeof erasureRequest>;
