/**
 * A minimal, synchronous XML reader for the parts of .xlsx and .docx we need. Element and
 * attribute names are kept by local name (`w:tc` → `tc`), because producers differ in the
 * prefixes they bind (`x:row` and `row` are the same element). DTDs are refused and no entity
 * beyond the five predefined ones and character references is expanded.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}

export type XmlNode = XmlElement | string;

export class XmlError extends Error {}

/**
 * Deeper than any real part (a Word table nested in a table adds four levels); the walkers
 * that read the tree recurse, so a hostile part must not nest deeper than the stack allows.
 */
export const MAX_DEPTH = 512;

const ATTRIBUTE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/gu;

/** Parses a document and returns its root element; throws XmlError on malformed input. */
export function parseXml(text: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf('<', position);
    const top = stack[stack.length - 1] ?? root;
    if (open === -1) {
      appendText(top, text.slice(position));
      break;
    }
    if (open > position) appendText(top, text.slice(position, open));
    if (text.startsWith('<?', open)) {
      position = skipPast(text, '?>', open);
    } else if (text.startsWith('<!--', open)) {
      position = skipPast(text, '-->', open);
    } else if (text.startsWith('<![CDATA[', open)) {
      const end = text.indexOf(']]>', open);
      if (end === -1) throw new XmlError('CDATA 未结束');
      top.children.push(text.slice(open + 9, end));
      position = end + 3;
    } else if (text.startsWith('<!', open)) {
      throw new XmlError('不接受 DTD 声明');
    } else if (text.startsWith('</', open)) {
      const end = text.indexOf('>', open);
      if (end === -1) throw new XmlError('结束标签未闭合');
      const name = localName(text.slice(open + 2, end).trim());
      if (stack.length < 2 || top.name !== name)
        throw new XmlError(`结束标签 ${name} 与开始标签不匹配`);
      stack.pop();
      position = end + 1;
    } else {
      const end = findTagEnd(text, open);
      const selfClosing = text[end - 1] === '/';
      const body = text.slice(open + 1, selfClosing ? end - 1 : end);
      const nameEnd = body.search(/[\s/]/u);
      const rawName = nameEnd === -1 ? body : body.slice(0, nameEnd);
      if (rawName === '') throw new XmlError('标签缺少名称');
      const element: XmlElement = {
        name: localName(rawName),
        attrs: parseAttributes(nameEnd === -1 ? '' : body.slice(nameEnd)),
        children: [],
      };
      top.children.push(element);
      if (!selfClosing) {
        if (stack.length > MAX_DEPTH) throw new XmlError(`元素嵌套超过 ${MAX_DEPTH} 层`);
        stack.push(element);
      }
      position = end + 1;
    }
  }
  if (stack.length !== 1) throw new XmlError('文档不完整：有未闭合的标签');
  const element = root.children.find(isElement);
  if (element === undefined) throw new XmlError('没有根元素');
  return element;
}

function skipPast(text: string, marker: string, from: number): number {
  const end = text.indexOf(marker, from);
  if (end === -1) throw new XmlError('声明或注释未结束');
  return end + marker.length;
}

/** The `>` closing a start tag, skipping any inside quoted attribute values. */
function findTagEnd(text: string, from: number): number {
  let quoteChar: string | undefined;
  for (let i = from + 1; i < text.length; i++) {
    const ch = text[i];
    if (quoteChar !== undefined) {
      if (ch === quoteChar) quoteChar = undefined;
    } else if (ch === '"' || ch === "'") {
      quoteChar = ch;
    } else if (ch === '>') {
      return i;
    }
  }
  throw new XmlError('开始标签未闭合');
}

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    const raw = match[1] ?? '';
    if (raw === 'xmlns' || raw.startsWith('xmlns:')) continue;
    const name = localName(raw);
    if (!(name in attrs)) attrs[name] = decodeEntities(match[2] ?? match[3] ?? '');
  }
  return attrs;
}

function appendText(element: XmlElement, raw: string): void {
  element.children.push(decodeEntities(raw));
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/gu, (whole, body: string) => {
    if (body.startsWith('#x')) return fromCodePoint(Number.parseInt(body.slice(2), 16), whole);
    if (body.startsWith('#')) return fromCodePoint(Number.parseInt(body.slice(1), 10), whole);
    return NAMED[body] ?? whole;
  });
}

function fromCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff
    ? String.fromCodePoint(code)
    : fallback;
}

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

/** Child elements, optionally only those with a given local name. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  return element.children.filter(
    (node): node is XmlElement => isElement(node) && (name === undefined || node.name === name),
  );
}

export function findChild(element: XmlElement, name: string): XmlElement | undefined {
  for (const node of element.children) if (isElement(node) && node.name === name) return node;
  return undefined;
}

/** The first descendant with the given local name, depth first. */
export function findDescendant(element: XmlElement, name: string): XmlElement | undefined {
  for (const node of element.children) {
    if (!isElement(node)) continue;
    if (node.name === name) return node;
    const found = findDescendant(node, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** All text below an element. */
export function collectText(element: XmlElement): string {
  let text = '';
  for (const node of element.children) text += isElement(node) ? collectText(node) : node;
  return text;
}
