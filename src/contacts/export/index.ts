export { toCsv } from './csv.ts';
export { toVCard } from './vcard.ts';
