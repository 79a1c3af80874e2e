/**
 * NAESB ESPI 4.0 codes for what the portal knows about a meter, from the enumerations in
 * espi.xsd (ServiceKind, CommodityKind, MeasurementKind, UnitSymbolKind, UnitMultiplierKind,
 * QualityOfReading, Currency).
 */
type MeterType = "electric" | "gas" | "water";
type ReadingSource = "actual" | "estimated" | "customer";

export interface EspiReadingCodes {
  /** ServiceCategory.kind: 0 electricity, 1 gas, 2 water. */
  serviceKind: number;
  /** CommodityKind: 1 electricity (secondary metered), 7 natural gas, 9 potable water. */
  commodity: number;
  /** MeasurementKind: 12 energy, 58 volume. */
  kind: number;
  /** UnitSymbolKind: 72 Wh, 42 m³. */
  uom: number;
  /**
   * Power of ten on `uom` for IntervalReading values, which are thousandths of the meter's unit
   * (registers keep three decimals): kWh / 1000 is Wh (0), m³ / 1000 is 10⁻³ m³ (-3).
   */
  powerOfTenMultiplier: number;
}

export const readingCodes: Record<MeterType, EspiReadingCodes> = {
  electric: { serviceKind: 0, commodity: 1, kind: 12, uom: 72, powerOfTenMultiplier: 0 },
  gas: { serviceKind: 1, commodity: 7, kind: 58, uom: 42, powerOfTenMultiplier: -3 },
  water: { serviceKind: 2, commodity: 9, kind: 58, uom: 42, powerOfTenMultiplier: -3 },
};

/** AccumulationKind 4: each value is the use within its interval. */
export const DELTA_DATA = 4;
/** FlowDirectionKind 1: delivered to the customer. */
export const FORWARD = 1;

/**
 * QualityOfReading for reads that are not the meter's own: 8 "estimated using reference day"
 * for the meter service's estimates, 7 "manually edited" (a value entered by a person) for
 * reads the customer submitted. Actual reads carry none: quality is valid unless stated.
 */
export const readingQuality: Record<ReadingSource, number | null> = {
  actual: null,
  estimated: 8,
  customer: 7,
};

/** ISO 4217 numeric codes of the currencies ESPI's Currency enumeration lists; 0 is "other". */
const currencyNumbers: Record<string, number> = {
  AUD: 36,
  CAD: 124,
  CHF: 756,
  CNY: 156,
  DKK: 208,
  EUR: 978,
  GBP: 826,
  INR: 356,
  JPY: 392,
  NOK: 578,
  RUB: 643,
  SEK: 752,
  USD: 840,
};

export function currencyCode(alpha: string): number {
  return currencyNumbers[alpha] ?? 0;
}
