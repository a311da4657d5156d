import { splitHighlight } from '../lib/highlight.ts';

/** Text with the search terms wrapped in <mark>. */
export function HighlightText({ text, terms }: { text: string; terms: readonly string[] }) {
  const parts = splitHighlight(text, terms);
  return (
    <>
      {parts.map((part, index) =>
        part.match ? (
          <mark key={index} className="search-hit">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}
