import { accountId, meterId, premiseId } from "@/db/seed/static";

/** Ids of the demo data, derived exactly as the seed derives them. */
export const demo = {
  accounts: {
    johnSmith: accountId("1234567890"),
    headquarters: accountId("9876543210"),
    warehouse: accountId("5555555555"),
    retail: accountId("7777777777"),
    tomEvans: accountId("4400000002"),
    priyaShah: accountId("4400000001"),
  },
  premises: {
    mainStreet: premiseId("main-street"),
    hqTower: premiseId("hq-tower"),
    hqAnnex: premiseId("hq-annex"),
    warehouseA: premiseId("warehouse-a"),
    warehouseB: premiseId("warehouse-b"),
    retailPlano: premiseId("retail-plano"),
    railtonRoad: premiseId("railton-road"),
  },
  meters: {
    johnSmith: meterId("E-12345678"),
    hqElectric: meterId("E-98765001"),
    hqGas: meterId("G-98765002"),
    retailElectric: meterId("E-77770001"),
    tomEvans: meterId("E-UK0000201"),
  },
};

export const FOREIGN_UUID = "00000000-0000-4000-8000-000000000000";
