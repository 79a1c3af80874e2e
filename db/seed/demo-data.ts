import customerRealm from "../../idp/realms/ossrep.json";
import type { AccountRole } from "../schema/accounts";
import type { CustomerStatus, CustomerType } from "../schema/customers";
import type { MeterType } from "../schema/meters";

/** The identity provider's subject for a demo user, so signing in finds the seeded customer. */
function subjectOf(username: string): string {
  const user = customerRealm.users.find((u) => u.username === username);
  if (!user) throw new Error(`Demo user ${username} is missing from the ossrep realm`);
  return user.id;
}

export interface DemoEsco {
  code: string;
  name: string;
  currency: string;
  timezone: string;
  /** Month of peak demand: summer air conditioning in Texas, winter heating in London. */
  peakDayOfYear: number;
}

export const demoEscos: DemoEsco[] = [
  {
    code: "TXE",
    name: "Lone Star Energy",
    currency: "USD",
    timezone: "America/Chicago",
    peakDayOfYear: 200,
  },
  {
    code: "BRX",
    name: "Brixton Community Microgrid",
    currency: "GBP",
    timezone: "Europe/London",
    peakDayOfYear: 15,
  },
];

/** How a meter uses energy: the daily shape, and how big it is. */
export type LoadProfile = "residential" | "commercial" | "warehouse";

export interface DemoMeter {
  meterNumber: string;
  type: MeterType;
  smart: boolean;
  installDate: string;
  profile: LoadProfile;
  /** Half-hourly multiplier for smart meters; mean monthly use for the others. */
  scale: number;
}

export interface DemoPremise {
  key: string;
  street: string;
  unit?: string;
  city: string;
  state?: string;
  zip: string;
  country: string;
  primary: boolean;
  meters: DemoMeter[];
}

export interface DemoAccount {
  accountNumber: string;
  nickname?: string;
  type: "residential" | "commercial";
  esco: string;
  premises: DemoPremise[];
  /** This account's most recent bills are left unpaid, so the portal has an overdue balance to show. */
  inArrears?: boolean;
}

export interface DemoCustomer {
  key: string;
  authSubject?: string;
  type: CustomerType;
  firstName?: string;
  lastName?: string;
  businessName?: string;
  email: string;
  phone?: string;
  status: CustomerStatus;
  createdAt: string;
  paymentMethod: "card" | "direct_debit" | "bank_transfer";
  /** A discount on electricity agreed with this customer instead of the ESCO's own. */
  discountOverrideBasisPoints?: number;
}

export interface DemoLink {
  customer: string;
  account: string;
  role: AccountRole;
}

export const demoCustomers: DemoCustomer[] = [
  {
    key: "john-smith",
    authSubject: subjectOf("alice"),
    type: "individual",
    firstName: "John",
    lastName: "Smith",
    email: "john.smith@example.com",
    phone: "+19725550142",
    status: "live",
    createdAt: "2020-03-15T00:00:00Z",
    paymentMethod: "card",
  },
  {
    key: "acme",
    authSubject: subjectOf("bob"),
    type: "business",
    businessName: "Acme Corporation",
    email: "accounts@acme.com",
    phone: "+12145550198",
    status: "live",
    createdAt: "2019-01-15T00:00:00Z",
    paymentMethod: "bank_transfer",
    discountOverrideBasisPoints: 500,
  },
  {
    key: "carol-reyes",
    authSubject: subjectOf("carol"),
    type: "individual",
    firstName: "Carol",
    lastName: "Reyes",
    email: "carol@harbourlettings.example",
    phone: "+12145550117",
    status: "live",
    createdAt: "2021-06-01T00:00:00Z",
    paymentMethod: "card",
  },
  {
    key: "dana-price",
    authSubject: subjectOf("dana"),
    type: "individual",
    firstName: "Dana",
    lastName: "Price",
    email: "dana.price@ledgerworks.example",
    phone: "+14695550123",
    status: "live",
    createdAt: "2022-02-10T00:00:00Z",
    paymentMethod: "bank_transfer",
  },
  {
    key: "priya-shah",
    authSubject: subjectOf("priya"),
    type: "individual",
    firstName: "Priya",
    lastName: "Shah",
    email: "priya.shah@example.co.uk",
    phone: "+442079460018",
    status: "live",
    createdAt: "2023-04-03T00:00:00Z",
    paymentMethod: "direct_debit",
    discountOverrideBasisPoints: 2000,
  },
  {
    key: "tom-evans",
    authSubject: subjectOf("tom"),
    type: "individual",
    firstName: "Tom",
    lastName: "Evans",
    email: "tom.evans@example.co.uk",
    phone: "+442079460027",
    status: "live",
    createdAt: "2023-05-20T00:00:00Z",
    paymentMethod: "direct_debit",
  },
  {
    key: "lena-okafor",
    authSubject: subjectOf("lena"),
    type: "individual",
    firstName: "Lena",
    lastName: "Okafor",
    email: "lena.okafor@example.co.uk",
    phone: "+442079460034",
    status: "live",
    createdAt: "2023-05-18T00:00:00Z",
    paymentMethod: "direct_debit",
  },
  {
    key: "grace-hall",
    type: "individual",
    firstName: "Grace",
    lastName: "Hall",
    email: "grace.hall@example.co.uk",
    phone: "+442079460045",
    status: "live",
    createdAt: "2024-01-08T00:00:00Z",
    paymentMethod: "direct_debit",
  },
  {
    key: "marcus-webb",
    type: "individual",
    firstName: "Marcus",
    lastName: "Webb",
    email: "marcus.webb@example.co.uk",
    status: "onboarding",
    createdAt: "2026-10-30T00:00:00Z",
    paymentMethod: "direct_debit",
  },
];

export const demoAccounts: DemoAccount[] = [
  {
    accountNumber: "1234567890",
    type: "residential",
    esco: "TXE",
    premises: [
      {
        key: "main-street",
        street: "123 Main Street",
        city: "Anytown",
        state: "TX",
        zip: "75001",
        country: "US",
        primary: true,
        meters: [
          {
            meterNumber: "E-12345678",
            type: "electric",
            smart: true,
            installDate: "2020-03-15",
            profile: "residential",
            scale: 2.6,
          },
        ],
      },
    ],
  },
  {
    accountNumber: "9876543210",
    nickname: "Headquarters",
    type: "commercial",
    esco: "TXE",
    premises: [
      {
        key: "hq-tower",
        street: "500 Commerce Street",
        city: "Dallas",
        state: "TX",
        zip: "75202",
        country: "US",
        primary: true,
        meters: [
          {
            meterNumber: "E-98765001",
            type: "electric",
            smart: true,
            installDate: "2019-01-15",
            profile: "commercial",
            scale: 30,
          },
          {
            meterNumber: "G-98765002",
            type: "gas",
            smart: false,
            installDate: "2019-01-15",
            profile: "commercial",
            scale: 900,
          },
          {
            meterNumber: "W-98765003",
            type: "water",
            smart: false,
            installDate: "2019-01-15",
            profile: "commercial",
            scale: 310,
          },
        ],
      },
      {
        key: "hq-annex",
        street: "510 Commerce Street",
        unit: "Annex",
        city: "Dallas",
        state: "TX",
        zip: "75202",
        country: "US",
        primary: false,
        meters: [
          {
            meterNumber: "E-98765004",
            type: "electric",
            smart: true,
            installDate: "2019-06-01",
            profile: "commercial",
            scale: 8,
          },
        ],
      },
    ],
  },
  {
    accountNumber: "5555555555",
    nickname: "Warehouse District",
    type: "commercial",
    esco: "TXE",
    inArrears: true,
    premises: [
      {
        key: "warehouse-a",
        street: "2200 Industrial Boulevard",
        unit: "Unit A",
        city: "Dallas",
        state: "TX",
        zip: "75207",
        country: "US",
        primary: true,
        meters: [
          {
            meterNumber: "E-55550001",
            type: "electric",
            smart: true,
            installDate: "2019-03-01",
            profile: "warehouse",
            scale: 20,
          },
          {
            meterNumber: "W-55550002",
            type: "water",
            smart: false,
            installDate: "2019-03-01",
            profile: "warehouse",
            scale: 120,
          },
        ],
      },
      {
        key: "warehouse-b",
        street: "2200 Industrial Boulevard",
        unit: "Unit B",
        city: "Dallas",
        state: "TX",
        zip: "75207",
        country: "US",
        primary: false,
        meters: [
          {
            meterNumber: "E-55550003",
            type: "electric",
            smart: false,
            installDate: "2019-03-01",
            profile: "warehouse",
            scale: 8200,
          },
        ],
      },
    ],
  },
  {
    accountNumber: "7777777777",
    nickname: "Retail Stores",
    type: "commercial",
    esco: "TXE",
    premises: [
      {
        key: "retail-plano",
        street: "18 Main Plaza",
        city: "Plano",
        state: "TX",
        zip: "75024",
        country: "US",
        primary: true,
        meters: [
          {
            meterNumber: "E-77770001",
            type: "electric",
            smart: true,
            installDate: "2020-09-01",
            profile: "commercial",
            scale: 12,
          },
          {
            meterNumber: "G-77770002",
            type: "gas",
            smart: false,
            installDate: "2020-09-01",
            profile: "commercial",
            scale: 260,
          },
        ],
      },
      {
        key: "retail-frisco",
        street: "450 Preston Road",
        city: "Frisco",
        state: "TX",
        zip: "75034",
        country: "US",
        primary: false,
        meters: [
          {
            meterNumber: "E-77770003",
            type: "electric",
            smart: true,
            installDate: "2021-04-15",
            profile: "commercial",
            scale: 10,
          },
        ],
      },
    ],
  },
  {
    accountNumber: "4400000001",
    type: "residential",
    esco: "BRX",
    premises: [
      {
        key: "coldharbour-lane",
        street: "12 Coldharbour Lane",
        unit: "Flat 3",
        city: "London",
        zip: "SW9 8PR",
        country: "GB",
        primary: true,
        meters: [
          {
            meterNumber: "E-UK0000101",
            type: "electric",
            smart: true,
            installDate: "2023-04-03",
            profile: "residential",
            scale: 1.1,
          },
          {
            meterNumber: "G-UK0000102",
            type: "gas",
            smart: false,
            installDate: "2023-04-03",
            profile: "residential",
            scale: 95,
          },
        ],
      },
    ],
  },
  {
    accountNumber: "4400000002",
    type: "residential",
    esco: "BRX",
    premises: [
      {
        key: "railton-road",
        street: "27 Railton Road",
        city: "London",
        zip: "SE24 0LE",
        country: "GB",
        primary: true,
        meters: [
          {
            meterNumber: "E-UK0000201",
            type: "electric",
            smart: true,
            installDate: "2023-05-20",
            profile: "residential",
            scale: 0.9,
          },
        ],
      },
    ],
  },
  {
    accountNumber: "4400000003",
    type: "residential",
    esco: "BRX",
    premises: [
      {
        key: "effra-road",
        street: "88 Effra Road",
        city: "London",
        zip: "SW2 1BZ",
        country: "GB",
        primary: true,
        meters: [
          {
            meterNumber: "E-UK0000301",
            type: "electric",
            smart: true,
            installDate: "2024-01-08",
            profile: "residential",
            scale: 1.3,
          },
        ],
      },
    ],
  },
];

export const demoLinks: DemoLink[] = [
  { customer: "john-smith", account: "1234567890", role: "occupier" },
  { customer: "acme", account: "9876543210", role: "occupier" },
  { customer: "acme", account: "5555555555", role: "occupier" },
  { customer: "acme", account: "7777777777", role: "occupier" },
  { customer: "carol-reyes", account: "9876543210", role: "agent" },
  { customer: "carol-reyes", account: "5555555555", role: "agent" },
  { customer: "dana-price", account: "7777777777", role: "billing" },
  { customer: "priya-shah", account: "4400000001", role: "occupier" },
  { customer: "tom-evans", account: "4400000002", role: "occupier" },
  { customer: "lena-okafor", account: "4400000002", role: "landlord" },
  { customer: "grace-hall", account: "4400000003", role: "occupier" },
];

/**
 * The tariffs each ESCO publishes, per fuel: a benchmark with a new period each quarter, and the
 * ESCO's discount on it. Texas sells at its own standard rates (no discount); the Brixton
 * microgrid discounts the London price cap for electricity, whose rates move each quarter, and
 * passes the gas cap on as it is. Bills and the meter pages are priced from these rows alone.
 */
export interface DemoTariff {
  esco: string;
  fuel: MeterType;
  code: string;
  name: string;
  currency: string;
  /** Per unit and per meter per day; `quarterly` rates move each quarter around these bases. */
  unitRate: string;
  standing: string;
  quarterly?: boolean;
  discountBasisPoints: number;
  /**
   * Whether every live occupier holds the ESCO's tariff as their own row (the microgrid's
   * members), rather than only customers with an agreed discount.
   */
  members?: boolean;
}

export const demoTariffs: DemoTariff[] = [
  {
    esco: "TXE",
    fuel: "electric",
    code: "TXE-STD-ELEC",
    name: "Lone Star standard, electricity",
    currency: "USD",
    unitRate: "0.139000",
    standing: "0.330000",
    discountBasisPoints: 0,
  },
  {
    esco: "TXE",
    fuel: "gas",
    code: "TXE-STD-GAS",
    name: "Lone Star standard, gas",
    currency: "USD",
    unitRate: "0.580000",
    standing: "0.450000",
    discountBasisPoints: 0,
  },
  {
    esco: "TXE",
    fuel: "water",
    code: "TXE-STD-WATER",
    name: "Lone Star standard, water",
    currency: "USD",
    unitRate: "1.350000",
    standing: "0.200000",
    discountBasisPoints: 0,
  },
  {
    esco: "BRX",
    fuel: "electric",
    code: "UK-CAP-ELEC-LON",
    name: "Price cap, electricity, London",
    currency: "GBP",
    unitRate: "0.230000",
    standing: "0.500000",
    quarterly: true,
    discountBasisPoints: 1500,
    members: true,
  },
  {
    esco: "BRX",
    fuel: "gas",
    code: "UK-CAP-GAS-LON",
    name: "Price cap, gas, London",
    currency: "GBP",
    unitRate: "0.710000",
    standing: "0.310000",
    discountBasisPoints: 0,
  },
];

/** The UK microgrid's electricity tariff: the regulator's cap for London and its community discount. */
export const microgridBenchmark = demoTariffs.find(
  (t) => t.esco === "BRX" && t.fuel === "electric",
) as DemoTariff;
