/**
 * Free-text notes. They carry what breaks naive CSV writers, vCard folding and JSON escaping:
 * commas, double quotes, line breaks (LF and CRLF), tabs and emoji outside the Basic Multilingual Plane.
 */
export const NOTE_LINES: readonly string[] = [
  'Met at the Lyon trade fair, 2019',
  'Prefers "Dr." in emails',
  'Call after 6pm\nNever on Fridays',
  'Loves ☕ and 🚴',
  'VIP client 🌟, handle with care',
  'Old number "disconnected", use mobile',
  'Introduced by Amélie; ex-colleague from Initech',
  'Kids: Léa, Tom\nDog: Rex 🐕',
  'Allergic to peanuts, shellfish',
  'Speaks French, German, and a little Japanese 🇯🇵',
  'Invoice address differs:\r\nsee accounting',
  'Birthday card sent 🎂',
  'Likes "quotes", commas, and\ttabs',
  'Renewal due in Q3 — ask about the 10% discount',
  'Façade project; contact via assistant Søren',
  '👍',
];
