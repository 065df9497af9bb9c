import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The text of a PDF as a reader (or screen reader) gets it, extracted by pdf-parse; white space (line breaks) as one space. */
export function pdfText(pdf: Buffer | Uint8Array): string {
  const text = execFileSync(process.execPath, [path.join(__dirname, 'pdf-text-cli.cjs')], { input: pdf, maxBuffer: 16 * 1024 * 1024 }).toString('utf8');
  return text.replace(/\s+/g, ' ');
}
