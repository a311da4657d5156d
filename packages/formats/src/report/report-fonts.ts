/**
 * The fonts of government documents (GB/T 9704): 方正小标宋 for the title, 黑体 for headings,
 * 仿宋_GB2312 for the text. Office PCs have them; where a face is missing the viewer
 * substitutes, and we tell it with what: the .docx font table names an alternative (Word and
 * WPS read `w:altName`; 仿宋 ships with every Windows, 仿宋_GB2312 does not), the charset says
 * GB2312, and every run is marked `zh-CN` so LibreOffice asks fontconfig for a Simplified
 * Chinese face rather than the Japanese one Noto CJK would otherwise give it (STACK.md).
 */
export interface ReportFonts {
  /** The report's title. */
  title: string;
  /** Table headers, section rows, headings. */
  heading: string;
  /** Everything else. */
  body: string;
  /** Latin letters and digits. */
  latin: string;
}

export const DEFAULT_REPORT_FONTS: ReportFonts = {
  title: '方正小标宋简体',
  heading: '黑体',
  body: '仿宋_GB2312',
  latin: 'Times New Roman',
};

interface FontEntry {
  altName?: string;
  /** Two hex digits: 86 is GB2312, 00 ANSI. */
  charset: string;
  family: 'roman' | 'swiss' | 'modern' | 'script' | 'decorative' | 'auto';
  pitch: 'fixed' | 'variable';
}

/** What a viewer should use where a face is not installed; the first of a chain it has wins. */
const KNOWN_FONTS: Record<string, FontEntry> = {
  方正小标宋简体: { altName: '黑体', charset: '86', family: 'script', pitch: 'fixed' },
  方正小标宋_GBK: { altName: '黑体', charset: '86', family: 'script', pitch: 'fixed' },
  黑体: { altName: 'SimHei', charset: '86', family: 'modern', pitch: 'fixed' },
  仿宋_GB2312: { altName: '仿宋', charset: '86', family: 'modern', pitch: 'fixed' },
  仿宋: { altName: 'FangSong', charset: '86', family: 'modern', pitch: 'fixed' },
  宋体: { altName: 'SimSun', charset: '86', family: 'auto', pitch: 'variable' },
  楷体_GB2312: { altName: '楷体', charset: '86', family: 'modern', pitch: 'fixed' },
  SimHei: { charset: '86', family: 'modern', pitch: 'fixed' },
  FangSong: { charset: '86', family: 'modern', pitch: 'fixed' },
  SimSun: { charset: '86', family: 'auto', pitch: 'variable' },
  'Times New Roman': { charset: '00', family: 'roman', pitch: 'variable' },
};

const CJK = /[\u3400-\u9fff]/u;

function describeFont(name: string): FontEntry {
  return (
    KNOWN_FONTS[name] ??
    (CJK.test(name)
      ? { charset: '86', family: 'auto', pitch: 'variable' }
      : { charset: '00', family: 'auto', pitch: 'variable' })
  );
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/**
 * The `word/fontTable.xml` of a document that uses these fonts. The docx library writes a
 * font table only for embedded fonts; this one names the faces and their fallbacks instead.
 */
export function buildFontTableXml(fonts: ReportFonts): string {
  const names = [...new Set([fonts.title, fonts.heading, fonts.body, fonts.latin])];
  // A fallback is itself a font the document relies on: list it too, so a viewer knows its charset.
  for (const name of [...names]) {
    const alt = describeFont(name).altName;
    if (alt !== undefined && !names.includes(alt)) names.push(alt);
  }
  const entries = names.map((name) => {
    const font = describeFont(name);
    const alt = font.altName === undefined ? '' : `<w:altName w:val="${escapeXml(font.altName)}"/>`;
    return (
      `<w:font w:name="${escapeXml(name)}">${alt}<w:charset w:val="${font.charset}"/>` +
      `<w:family w:val="${font.family}"/><w:pitch w:val="${font.pitch}"/></w:font>`
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    entries.join('') +
    '</w:fonts>'
  );
}
