/*
 * Text rules of vCard 4.0 (RFC 6350 §3.2, §3.4): backslash, comma and newline are escaped in text
 * values; a semicolon only inside the parts of a structured value (N, ADR, ORG), where it separates
 * them. Lines longer than 75 octets are folded: CRLF, then a space that continues the line.
 */

const MAX_LINE_OCTETS = 75;

export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/,/g, '\\,');
}

export function escapeComponent(value: string): string {
  return escapeText(value).replace(/;/g, '\\;');
}

/** Folds between characters, never inside one, so a multi-byte character stays whole. */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let piece = '';
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = utf8Octets(char);
    if (octets + size > limit) {
      pieces.push(piece);
      piece = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1; // the leading space of a continuation line counts
    }
    piece += char;
    octets += size;
  }
  pieces.push(piece);
  return pieces.join('\r\n ');
}

function utf8Octets(char: string): number {
  const codePoint = char.codePointAt(0) ?? 0;
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}
