import { fieldUtilityValues, type FieldUtility } from './enums-workorders';
import type { EmergencyNumber } from './schemas/help';

/** The numbers a resident in danger is told to call: the general ones and each utility's own line. */
export interface EmergencySettings {
  /** 火警 119, 报警 110, … in the order they are offered. */
  general: EmergencyNumber[];
  /** The utility's repair line: 供电抢修 95598, 供水抢修 96116, 燃气抢修 96777. */
  byUtility: Partial<Record<FieldUtility, EmergencyNumber>>;
}

/** The numbers when nothing is configured; the app offers them before the server's list arrives. */
export const DEFAULT_EMERGENCY: EmergencySettings = {
  general: [
    { name: '火警', number: '119' },
    { name: '报警', number: '110' },
  ],
  byUtility: {
    power: { name: '供电抢修', number: '95598' },
    water: { name: '供水抢修', number: '96116' },
    gas: { name: '燃气抢修', number: '96777' },
  },
};

/** Problems (报修) and help reasons that can start a fire (a gas smell, sparking wires): 火警 comes first. */
export const fireRisks: readonly string[] = ['gas_smell', 'power_sparks'];
export const isFireRisk = (code: string | null | undefined): boolean => Boolean(code) && fireRisks.includes(code ?? '');

function unique(list: Array<EmergencyNumber | undefined>): EmergencyNumber[] {
  const seen = new Set<string>();
  return list.filter((n): n is EmergencyNumber => {
    if (!n || seen.has(n.number)) return false;
    seen.add(n.number);
    return true;
  });
}

/**
 * What to call first, by what is wrong: a fire risk (燃气味, 电线冒火花) is 火警 first, then the
 * utility's line, then the police; anything else (停水停电停气, a burst pipe) goes to that
 * utility's repair line first, and to every utility's line when the utility is not known; the
 * general numbers follow.
 */
export function emergencyNumbersFor(
  settings: EmergencySettings,
  what: { fire: boolean; utility: FieldUtility | null },
): EmergencyNumber[] {
  const [first, ...rest] = settings.general;
  if (what.fire) return unique([first, what.utility ? settings.byUtility[what.utility] : undefined, ...rest]);
  const lines = what.utility
    ? [settings.byUtility[what.utility]]
    : fieldUtilityValues.map((u) => settings.byUtility[u]);
  return unique([...lines, ...settings.general]);
}
