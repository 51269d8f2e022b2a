import { fieldUtilityValues, type EmergencyNumber, type EmergencySettings, type FieldUtility } from '@bianmin/shared';

/** `name:number` pairs, comma separated (「火警:119,报警:110」). */
export function parseNumbers(text: string): EmergencyNumber[] {
  return text
    .split(',')
    .map((pair) => pair.split(':').map((part) => part.trim()))
    .filter((pair): pair is [string, string] => pair.length === 2 && Boolean(pair[0]) && Boolean(pair[1]))
    .map(([name, number]) => ({ name, number }));
}

/** `utility:name:number` triples, comma separated (「power:供电抢修:95598,…」). */
export function parseUtilityNumbers(text: string): EmergencySettings['byUtility'] {
  const out: EmergencySettings['byUtility'] = {};
  for (const triple of text.split(',')) {
    const [utility, name, number] = triple.split(':').map((part) => part.trim());
    if (utility && name && number && (fieldUtilityValues as readonly string[]).includes(utility))
      out[utility as FieldUtility] = { name, number };
  }
  return out;
}
