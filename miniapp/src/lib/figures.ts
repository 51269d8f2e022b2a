/**
 * How the staff pages write a rate: to two decimals, so 99.86% and 99.91% read apart. The one
 * percent helper of the app; a second copy would round differently somewhere.
 */

/** 「99.86%」 from 0.9986, or 「—」 when there is nothing to divide. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(2)}%`;
}

/** The rate as a number of percent to two decimals (for a chart's axis), or null. */
export function percentValue(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 10_000) / 100;
}
