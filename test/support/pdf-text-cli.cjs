// Reads a PDF on stdin and prints its text (pdf-parse, on pdf.js). Its own process, because pdf.js
// loads its worker with a dynamic import, which jest's module sandbox refuses.
const { PDFParse } = require('pdf-parse');

const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const { text } = await parser.getText();
    process.stdout.write(text);
  } finally {
    await parser.destroy();
  }
});
