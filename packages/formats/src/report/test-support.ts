/**
 * For the report tests: the seed as a ledger, and the parts of a written .docx/.xlsx as XML.
 * Not exported from the package.
 */
import { readFileSync } from 'node:fs';
import type { Ledger, LedgerTask, Light } from '@duban/core';
import { readLedger } from '../read-ledger.ts';
import { openZip, readZipText } from '../shared/zip.ts';
import { childElements, collectText, findChild, parseXml } from '../shared/xml.ts';
import type { XmlElement } from '../shared/xml.ts';

const SEED = new URL('../../../../fixtures/seed/yijiang-2023q2.txt', import.meta.url);

export function readSeedLedger(): Ledger {
  const result = readLedger('yijiang-2023q2.txt', new Uint8Array(readFileSync(SEED)));
  if (!result.ok) throw new Error(`seed unreadable: ${JSON.stringify(result.issues)}`);
  return result.value;
}

/**
 * The seed with lights set by a rule of the test's choosing: the parser leaves every task
 * grey until figures and status are computed, and the report must be tested with all lights.
 */
export function withLights(
  ledger: Ledger,
  pick: (task: LedgerTask, index: number) => Light,
): Ledger {
  return {
    ...ledger,
    tasks: ledger.tasks.map((task, i) => {
      const light = pick(task, i);
      const completion = light === 'red' ? 0.1 : light === 'yellow' ? 0.4 : null;
      return { ...task, status: { ...task.status, light, completion } };
    }),
  };
}

export function readPart(bytes: Uint8Array, path: string): string {
  const archive = openZip('test', bytes);
  if (!archive.ok) throw new Error('not a zip');
  const text = readZipText(archive.value, path);
  if (!text.ok || text.value === undefined) throw new Error(`no part ${path}`);
  return text.value;
}

export function readXml(bytes: Uint8Array, path: string): XmlElement {
  return parseXml(readPart(bytes, path));
}

/** Every element with this local name below `element`, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of childElements(element)) {
    if (child.name === name) found.push(child);
    found.push(...findAll(child, name));
  }
  return found;
}

export function getChild(element: XmlElement, name: string): XmlElement {
  const child = findChild(element, name);
  if (child === undefined) throw new Error(`no <${name}> in <${element.name}>`);
  return child;
}

/** A cell's paragraphs, one line each. */
export function readCellText(cell: XmlElement): string {
  return childElements(cell, 'p')
    .map((p) => collectText(p))
    .join('\n');
}
