import { z } from "zod";
import { createDocument } from "zod-openapi";
import { accountUpdateSchema } from "@/app/api/accounts/[accountId]/schema";
import { accountListQuery } from "@/app/api/accounts/schema";
import { notificationsSchema, preferencesSchema } from "@/lib/domain/preferences";
import { premiseUpdateSchema } from "@/lib/domain/premises";
import { profileUpdateDocSchema } from "@/lib/domain/profile";
import { accessLogPage, accessLogParams } from "@/lib/schemas/access-log";
import { accountDetail, accountList, accountSummary } from "@/lib/schemas/accounts";
import { billPage, pageParams, paymentPage } from "@/lib/schemas/billing";
import { usageWindowParams } from "@/lib/schemas/common";
import { customerProfile, customerSummary } from "@/lib/schemas/customer";
import { erasureRequestState } from "@/lib/schemas/erasure";
import { customerExport } from "@/lib/schemas/export";
import { notifications, preferences } from "@/lib/schemas/preferences";
import {
  meterDetail,
  meterList,
  meterTariff,
  premiseDetail,
  premiseList,
} from "@/lib/schemas/premises";
import { ingestPaths } from "./ingest";
import { create, read, write } from "./operations";
import { readingsPaths } from "./readings";

const accountPath = { path: z.object({ accountId: z.guid() }) };
const premisePath = { path: z.object({ premiseId: z.guid() }) };
const meterPath = { path: z.object({ meterId: z.guid() }) };

const accountsList = read("List the customer's accounts with balances and usage", accountList, {
  tags: ["Accounts"],
  description:
    "A page at a time (100 by default, up to 500), sorted and filtered on the server; follow `next` for the following page. `total` and `totals` cover every matching account; `totals.usageByType` is the sum of the accounts' usage per meter type. `format=csv` downloads every matching account as CSV, in the same order, with a usage and a unit column per meter type.",
  requestParams: { query: accountListQuery },
});

const accountsOperation = {
  ...accountsList,
  responses: {
    ...accountsList.responses,
    "200": {
      description: "OK: a JSON page, or every matching account as CSV",
      content: {
        "application/json": { schema: accountList },
        "text/csv": { schema: z.string() },
      },
    },
  },
};

/** The self-service API, generated from the same zod schemas the handlers validate with. */
export function buildOpenApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Energy portal self-service API",
      version: "1.0.0",
      description:
        "Accounts, premises, meters, usage, bills and preferences of the signed-in customer. " +
        "Authenticate with the portal session or `Authorization: Bearer <access token>` from the " +
        "customer realm. Errors are RFC 9457 problem details with a stable `code`. Anything the " +
        "customer may not see answers 404.",
    },
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token" },
        serviceAccount: {
          type: "oauth2",
          description: "A service account of the staff realm (meter-service, billing-service)",
          flows: {
            clientCredentials: {
              tokenUrl: "/realms/ossrep-internal/protocol/openid-connect/token",
              scopes: {},
            },
          },
        },
      },
    },
    tags: [
      { name: "Customer" },
      { name: "Accounts" },
      { name: "Premises" },
      { name: "Meters" },
      { name: "Billing" },
      { name: "Preferences" },
      { name: "Feeds" },
    ],
    paths: {
      "/api/customer": {
        get: read("Get the customer's profile", customerProfile, { tags: ["Customer"] }),
        put: write("Update the customer's profile", customerProfile, profileUpdateDocSchema, {
          tags: ["Customer"],
          description:
            "Individuals may send firstName and lastName, businesses businessName. Phones are normalised to E.164.",
        }),
      },
      "/api/customer/summary": {
        get: read(
          "Totals across all accounts, with usage against the previous window",
          customerSummary,
          {
            tags: ["Customer"],
            requestParams: { query: usageWindowParams },
          },
        ),
      },
      "/api/customer/export": {
        get: read("Download everything held about the customer (GDPR)", customerExport, {
          tags: ["Customer"],
          description:
            "The right of access: profile, preferences, account links with their accounts, " +
            "premises, meters, bills and payments (as each role allows), the last 13 months of " +
            "readings of meters the customer occupies or manages, tariffs, accepted invites, the " +
            "audit trail and staff access to the customer's data, as one JSON document sent as " +
            'an attachment (`Content-Disposition: attachment; filename="customer-<id>-export.json"`). ' +
            "Rectification is `PUT /api/customer` and `PUT /api/preferences`.",
        }),
      },
      "/api/customer/access-log": {
        get: read("Who else has looked at the customer's data, newest first", accessLogPage, {
          tags: ["Customer"],
          description:
            "Support staff reading the customer's record, staff viewing the portal as the " +
            "customer (with the reason they gave), exports and admin API reads. The customer's " +
            "own reads are recorded but not listed. Follow `next` for older entries.",
          requestParams: { query: accessLogParams },
        }),
      },
      "/api/customer/erasure-request": {
        get: read("The customer's latest request to have their data erased", erasureRequestState, {
          tags: ["Customer"],
          description: "`request` is null until the customer has asked.",
        }),
        post: create(
          "Ask for the customer's personal data to be erased",
          erasureRequestState,
          null,
          {
            tags: ["Customer"],
            description:
              "The right to erasure: the request is recorded (201) for an admin, who completes it " +
              "(the personal data is erased and the customer closed) or declines it with a reason. " +
              "One open request at a time (409). Refused while support staff view the portal as " +
              "the customer, and for closed customers.",
          },
        ),
      },
      "/api/accounts": {
        get: accountsOperation,
      },
      "/api/accounts/{accountId}": {
        get: read("Get an account with its premises and meters", accountDetail, {
          tags: ["Accounts"],
          requestParams: accountPath,
        }),
        put: write("Rename an account", accountDetail, accountUpdateSchema, {
          tags: ["Accounts"],
          requestParams: accountPath,
        }),
      },
      "/api/accounts/{accountId}/summary": {
        get: read("Balances, totals and usage of one account", accountSummary, {
          tags: ["Accounts"],
          requestParams: { ...accountPath, query: usageWindowParams },
        }),
      },
      "/api/accounts/{accountId}/premises": {
        get: read("List an account's premises", premiseList, {
          tags: ["Premises"],
          requestParams: accountPath,
        }),
      },
      "/api/accounts/{accountId}/bills": {
        get: read("List an account's bills, newest first", billPage, {
          tags: ["Billing"],
          requestParams: { ...accountPath, query: pageParams },
        }),
      },
      "/api/accounts/{accountId}/payments": {
        get: read("List an account's payments, newest first", paymentPage, {
          tags: ["Billing"],
          requestParams: { ...accountPath, query: pageParams },
        }),
      },
      "/api/premises/{premiseId}": {
        get: read("Get a premise with its meters", premiseDetail, {
          tags: ["Premises"],
          requestParams: premisePath,
        }),
        put: write("Correct a premise's address", premiseDetail, premiseUpdateSchema, {
          tags: ["Premises"],
          requestParams: premisePath,
        }),
      },
      "/api/premises/{premiseId}/set-primary": {
        post: write("Make this the account's primary premise", premiseDetail, null, {
          tags: ["Premises"],
          requestParams: premisePath,
        }),
      },
      "/api/premises/{premiseId}/meters": {
        get: read("List the meters at a premise", meterList, {
          tags: ["Meters"],
          requestParams: premisePath,
        }),
      },
      "/api/meters/{meterId}": {
        get: read("Get a meter with its latest read", meterDetail, {
          tags: ["Meters"],
          requestParams: meterPath,
        }),
      },
      ...readingsPaths,
      ...ingestPaths,
      "/api/meters/{meterId}/tariff": {
        get: read("The tariff that prices a meter's use", meterTariff, {
          tags: ["Meters"],
          description:
            "The periods that price the meter's fuel, rates after any discount: the occupier's own tariffs (a microgrid's discount or one agreed with them) and, before those, the ESCO's published tariff for the fuel. Empty where the ESCO has no tariff for the fuel. The readings API prices buckets from the same periods.",
          requestParams: meterPath,
        }),
      },
      "/api/preferences": {
        get: read("Get the customer's preferences", preferences, { tags: ["Preferences"] }),
        put: write("Change preferences (any subset)", preferences, preferencesSchema, {
          tags: ["Preferences"],
        }),
      },
      "/api/preferences/notifications": {
        get: read("Get notification settings", notifications, { tags: ["Preferences"] }),
        put: write("Change notification settings", notifications, notificationsSchema, {
          tags: ["Preferences"],
        }),
      },
    },
  });
}
