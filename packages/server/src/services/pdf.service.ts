/**
 * PDF through LibreOffice headless: the .docx the report writer made, converted as Word would
 * print it. LibreOffice is optional; without it the PDF format answers `pdf-unavailable`.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../errors.ts';

/** Where Debian, the LibreOffice tarball and macOS put the binary, after PATH. */
const KNOWN_PATHS = [
  '/usr/bin/soffice',
  '/usr/local/bin/soffice',
  '/opt/libreoffice/program/soffice',
  '/Applications/LibreOffice.app/Contents/MacOS/soffice',
];

export const PDF_INSTALL_HINT =
  '导出 PDF 需要 LibreOffice：Debian/Ubuntu 上运行 sudo apt-get install libreoffice-writer-nogui（字体另装 fonts-noto-cjk）后重试；也可以先导出 .docx 再自行转换';

/** The first large document takes LibreOffice several seconds to start and lay out. */
const DEFAULT_TIMEOUT_MS = 120_000;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The `soffice` binary to run, or undefined when LibreOffice is not installed. */
export function findSoffice(
  env: NodeJS.ProcessEnv = process.env,
  knownPaths: readonly string[] = KNOWN_PATHS,
): string | undefined {
  const fromPath = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, 'soffice'));
  return [...fromPath, ...knownPaths].find(isExecutable);
}

export interface ConvertToPdfOptions {
  timeoutMs?: number;
  /** Defaults to `findSoffice()`. */
  soffice?: string;
}

/** Runs soffice in its own process group, so a timeout ends soffice.bin as well. */
function runSoffice(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      reject(new AppError('pdf-failed', `LibreOffice 转换 PDF 超时（${timeoutMs / 1000} 秒）`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new AppError('pdf-failed', `无法启动 LibreOffice：${error.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stderr);
      else reject(new AppError('pdf-failed', `LibreOffice 转换 PDF 失败（退出码 ${code ?? '?'}）`));
    });
  });
}

/**
 * Converts a .docx to PDF. Each call has its own LibreOffice profile
 * (`-env:UserInstallation`), so conversions may run side by side; the working directory is
 * removed afterwards, whatever happened.
 */
export async function convertDocxToPdf(
  docx: Uint8Array,
  options: ConvertToPdfOptions = {},
): Promise<Uint8Array> {
  const soffice = options.soffice ?? findSoffice();
  if (soffice === undefined) throw new AppError('pdf-unavailable', PDF_INSTALL_HINT);
  const dir = await mkdtemp(join(tmpdir(), 'duban-pdf-'));
  try {
    const input = join(dir, 'report.docx');
    await writeFile(input, docx);
    const profile = pathToFileURL(join(tmpdir(), `lo-${randomUUID()}`)).href;
    const args = [
      '--headless',
      '--norestore',
      `-env:UserInstallation=${profile}`,
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      input,
    ];
    try {
      await runSoffice(soffice, args, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    } finally {
      await rm(new URL(profile), { recursive: true, force: true });
    }
    try {
      return new Uint8Array(await readFile(join(dir, 'report.pdf')));
    } catch {
      throw new AppError('pdf-failed', 'LibreOffice 没有生成 PDF');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
