export interface TextPart {
  text: string;
  match: boolean;
}

/** The search terms of a query: whitespace-separated, empty ones dropped, longest first. */
export function extractTerms(query: string): string[] {
  const terms = query
    .trim()
    .split(/\s+/u)
    .filter((term) => term !== '');
  // Longest first so that "奇瑞新能源" wins over "奇瑞" where both match at one place.
  return [...new Set(terms)].sort((a, b) => b.length - a.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Splits text into matching and non-matching parts, case-insensitively; the query is taken
 * literally (regex characters in it mean themselves). Joining the parts gives back the text.
 */
export function splitHighlight(text: string, terms: readonly string[]): TextPart[] {
  if (terms.length === 0 || text === '') return text === '' ? [] : [{ text, match: false }];
  const pattern = new RegExp(`(${terms.map(escapeRegExp).join('|')})`, 'giu');
  // With one capture group, split() puts the matches at the odd indexes.
  return text
    .split(pattern)
    .map((part, index) => ({ text: part, match: index % 2 === 1 }))
    .filter((part) => part.text !== '');
}
