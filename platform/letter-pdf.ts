import fs from 'node:fs';
import path from 'node:path';
import type * as Fontkit from 'fontkit';
import type PDFKitDocument from 'pdfkit';
import type { ComposedLetter } from '../domain/letters/compose';

/**
 * pdfkit and fontkit, loaded when the first letter is rendered, not when the process starts:
 * loading them took 150 to 190 ms of CPU at every api and worker start, and most of those
 * processes never render a letter. Once loaded they stay, like the parsed fonts below.
 */
let libs: { PDFDocument: typeof PDFKitDocument; openFont: typeof Fontkit.create } | undefined;
function pdfLibs() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (libs ??= { PDFDocument: require('pdfkit') as typeof PDFKitDocument, openFont: (require('fontkit') as typeof Fontkit).create });
}

// DejaVu Sans (npm dejavu-fonts-ttf, pinned): embedded (subset) in every letter, so the PDF looks
// the same everywhere and ë, é and € print; PDF/UA asks for embedded fonts.
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const REGULAR = path.join(FONT_DIR, 'DejaVuSans.ttf');
const BOLD = path.join(FONT_DIR, 'DejaVuSans-Bold.ttf');

/**
 * The fonts, parsed once per process. Given a path, pdfkit reads and parses the font file again for
 * every letter (DejaVu's layout tables are large): that took more than half of a letter's time.
 * pdfkit 0.20 also takes a parsed fontkit font (PDFFontFactory.open; its types say only file
 * sources) and keeps each document's subset apart, so the PDFs are byte for byte the same.
 */
let parsed: { regular: PDFKit.Mixins.PDFFontSource; bold: PDFKit.Mixins.PDFFontSource } | undefined;
function fonts() {
  const { openFont } = pdfLibs();
  const open = (file: string) => openFont(fs.readFileSync(file)) as unknown as PDFKit.Mixins.PDFFontSource;
  return (parsed ??= { regular: open(REGULAR), bold: open(BOLD) });
}

const MM = 72 / 25.4;

/**
 * Lays out a composed letter as a tagged PDF (PDF 1.7, structure tree with H1/P elements,
 * language nl-NL, document title shown), A4 with a window-envelope address block (NEN 1026).
 * Header and footer are marked as artifacts, so screen readers skip them.
 */
export function renderLetterPdf(letter: ComposedLetter, createdAt: Date): Promise<{ pdf: Buffer; pages: number }> {
  const { PDFDocument } = pdfLibs();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 25 * MM, bottom: 25 * MM, left: 25 * MM, right: 20 * MM },
    pdfVersion: '1.7',
    tagged: true,
    lang: 'nl-NL',
    displayTitle: true,
    // A parsed font, as registerFont below takes it (the option's type says only a path).
    font: fonts().regular as string,
    bufferPages: true,
    info: { Title: `${letter.title}: ${letter.subject}`, Author: letter.sender.organisation, Subject: letter.title, Creator: 'Verzuimregie', CreationDate: createdAt, ModDate: createdAt },
  });
  doc.registerFont('regular', fonts().regular);
  doc.registerFont('bold', fonts().bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const left = doc.page.margins.left;
  const root = doc.struct('Document');
  doc.addStructure(root);
  const para = (text: string, opts: PDFKit.Mixins.TextOptions = {}, font = 'regular', size = 10.5) =>
    root.add(
      doc.struct('P', {}, () => {
        doc.font(font).fontSize(size).text(text, opts);
      }),
    );

  // Letterhead: sender top right.
  const sender = [letter.sender.organisation, letter.sender.department, ...letter.sender.addressLines, letter.sender.phone && `T ${letter.sender.phone}`, letter.sender.email, letter.sender.website].filter(
    (x): x is string => !!x,
  );
  doc.y = 15 * MM;
  root.add(
    doc.struct('P', {}, () => {
      doc.font('bold').fontSize(10).text(sender[0]!, left + width / 2, 15 * MM, { width: width / 2, align: 'right' });
      doc.font('regular').fontSize(8.5).text(sender.slice(1).join('\n'), { width: width / 2, align: 'right' });
    }),
  );
  // Address block in the envelope window (left, about 50 mm from the top).
  root.add(
    doc.struct('P', {}, () => {
      doc.font('regular').fontSize(10.5).text(letter.recipientBlock.join('\n'), left, 50 * MM, { width: 85 * MM });
    }),
  );
  // Date, reference, subject.
  doc.y = 90 * MM;
  para(`${letter.place}, ${letter.date}`, { width });
  para(`Ons kenmerk: ${letter.reference}`, { width });
  doc.moveDown(1);
  root.add(
    doc.struct('H1', {}, () => {
      doc.font('bold').fontSize(11.5).text(`Onderwerp: ${letter.subject}`, left, doc.y, { width });
    }),
  );
  doc.moveDown(1);
  for (const p of letter.paragraphs) {
    para(p, { width, align: 'left', paragraphGap: 6, lineGap: 1.5 });
  }
  doc.moveDown(1);
  para(letter.closing, { width });
  doc.moveDown(2);
  para(letter.signature.join('\n'), { width });
  root.end();

  // Footer on every page: the title, page numbers and the region's note (artifacts, not content).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.markContent('Artifact', { type: 'Pagination' });
    const bottom = doc.page.height - 15 * MM;
    const oldBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(7.5)
      .fillColor('#555555')
      .text(`${letter.footer ? `${letter.footer}  ·  ` : ''}${letter.title} · pagina ${i + 1} van ${range.count}`, left, bottom, { width, align: 'center', lineBreak: true });
    doc.fillColor('black');
    doc.page.margins.bottom = oldBottom;
    doc.endMarkedContent();
  }
  const pages = range.count;
  doc.end();
  return done.then((pdf) => ({ pdf, pages }));
}
