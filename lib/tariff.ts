import { type SQL, sql } from "drizzle-orm";

export const BASIS_POINTS = 10_000;

/**
 * computed = benchmark * (1 - basis_points / 10000), in SQL numeric so no binary float ever
 * touches a rate. Rates keep six decimal places, like the columns that store them.
 */
export function discountedRateSql(benchmark: SQL | string, basisPoints: SQL | number): SQL {
  const rate = typeof benchmark === "string" ? sql`${benchmark}::numeric` : benchmark;
  const bp = typeof basisPoints === "number" ? sql`${basisPoints}::numeric` : basisPoints;
  return sql`round(${rate} * (1 - ${bp} / ${BASIS_POINTS}::numeric), 6)`;
}
