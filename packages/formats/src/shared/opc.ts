/**
 * Open Packaging Conventions, the little of it .xlsx and .docx need: parts as XML, and
 * relationships from one part to another.
 */
import type { Result } from '@duban/core';
import { ok } from '@duban/core';
import { failWith, quote } from './issues.ts';
import { childElements, parseXml, XmlError } from './xml.ts';
import type { XmlElement } from './xml.ts';
import { readZipText } from './zip.ts';
import type { ZipArchive } from './zip.ts';

export interface Relationship {
  id: string;
  /** The target part's path inside the package, resolved (`xl/worksheets/sheet1.xml`). */
  target: string;
  /** The relationship type URI. */
  type: string;
  external: boolean;
}

/** Reads a part and parses it; undefined when the package has no such part. */
export function readXmlPart(archive: ZipArchive, path: string): Result<XmlElement | undefined> {
  const text = readZipText(archive, path);
  if (!text.ok) return text;
  if (text.value === undefined) return ok(undefined);
  try {
    return ok(parseXml(text.value));
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    return failWith(
      'xml-corrupt',
      `文件${quote(archive.name)}已损坏：其中的 ${path} 不是有效的 XML（${error.message}）`,
    );
  }
}

/** The relationships of a part (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`). */
export function readRelationships(archive: ZipArchive, partPath: string): Result<Relationship[]> {
  const slash = partPath.lastIndexOf('/');
  const directory = slash === -1 ? '' : partPath.slice(0, slash + 1);
  const file = partPath.slice(slash + 1);
  const xml = readXmlPart(archive, `${directory}_rels/${file}.rels`);
  if (!xml.ok) return xml;
  if (xml.value === undefined) return ok([]);
  return ok(
    childElements(xml.value, 'Relationship').map((element) => {
      const external = element.attrs.TargetMode === 'External';
      const target = element.attrs.Target ?? '';
      return {
        id: element.attrs.Id ?? '',
        target: external ? target : resolvePartPath(directory, target),
        type: element.attrs.Type ?? '',
        external,
      };
    }),
  );
}

/** The package's main part (workbook or document), from `_rels/.rels`, or the fallback. */
export function findMainPart(archive: ZipArchive, fallback: string): Result<string | undefined> {
  const rels = readRelationships(archive, '');
  if (!rels.ok) return rels;
  const main = rels.value.find((rel) => rel.type.endsWith('/officeDocument'));
  const path = main?.target ?? fallback;
  return ok(archive.entries.has(path) ? path : undefined);
}

/** Resolves a relationship target against the directory of its source part. */
export function resolvePartPath(directory: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `${directory}${target}`).split('/');
  const resolved: string[] = [];
  for (const part of parts) {
    if (part === '..') resolved.pop();
    else if (part !== '.' && part !== '') resolved.push(part);
  }
  return resolved.join('/');
}

/** Ends with the relationship type's last segment, so transitional and strict URIs both match. */
export function hasRelationshipType(rel: Relationship, kind: string): boolean {
  return rel.type.endsWith(`/${kind}`);
}
