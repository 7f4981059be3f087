// PDF by printing the standalone HTML page in headless Chromium: Chromium writes a tagged PDF
// (structure tree, language, headings and tables as tags) with an outline from the headings, which
// is what an accessible published paper needs. One browser serves every request; it starts on the
// first PDF and closes when the app closes.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { DomainError } from '../platform/errors.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function pdfUnavailable(chromiumPath: string) {
  return new DomainError(
    'report.pdf_unavailable',
    `PDF is not available: Chromium was not found at ${chromiumPath}. Install it with "apt-get install chromium" (or set PCP_CHROMIUM to its path). HTML and Word downloads still work.`,
  );
}

/** Printed at the head of every page, with "Page N of M" at its foot (Chromium fills in the numbers). */
export type PageFurniture = { runningHeader: string; title: string };

const esc = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Chromium draws these in the page margins at a zero font size unless told; they are not tagged content (artifacts). */
const furniture = (f: PageFurniture) => ({
  displayHeaderFooter: true,
  headerTemplate: `<div style="font-family: Arial, 'Liberation Sans', sans-serif; font-size: 8pt; color: #505a5f; width: 100%; margin: 0 12mm; text-align: right;">${esc(f.runningHeader)}</div>`,
  footerTemplate: `<div style="font-family: Arial, 'Liberation Sans', sans-serif; font-size: 8pt; color: #0b0c0c; width: 100%; margin: 0 12mm; display: flex; justify-content: space-between;"><span>${esc(f.title)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
});

export type PdfRenderer = {
  render(html: string, furniture?: PageFurniture): Promise<Buffer>;
  close(): Promise<void>;
};

export function createPdfRenderer({ chromiumPath }: { chromiumPath: string }): PdfRenderer {
  let browser: Promise<Browser> | null = null;

  function getBrowser(): Promise<Browser> {
    if (!existsSync(chromiumPath)) throw pdfUnavailable(chromiumPath);
    if (!browser) {
      // playwright-core is loaded with the first PDF, not at start: it is the heaviest module the app has.
      const launching = import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS }));
      browser = launching;
      launching
        .then((b) =>
          b.on('disconnected', () => {
            // A crashed browser is replaced on the next request rather than failing every later one.
            if (browser === launching) browser = null;
          }),
        )
        .catch(() => {
          if (browser === launching) browser = null;
        });
    }
    return browser;
  }

  return {
    async render(html: string, pageFurniture?: PageFurniture) {
      let b: Browser;
      try {
        b = await getBrowser();
      } catch (e) {
        if (e instanceof DomainError) throw e;
        throw new DomainError(
          'report.pdf_unavailable',
          `PDF is not available: Chromium at ${chromiumPath} would not start (${(e as Error).message.split('\n')[0]}). Install it with "apt-get install chromium". HTML and Word downloads still work.`,
        );
      }
      // A fresh context per document: no state leaks between papers; JavaScript is not needed to print.
      const context = await b.newContext({ javaScriptEnabled: false, locale: 'en-GB', timezoneId: 'Europe/London' });
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        const pdf = await page.pdf({
          format: 'A4',
          printBackground: true,
          tagged: true,
          outline: true,
          preferCSSPageSize: true,
          ...(pageFurniture ? furniture(pageFurniture) : {}),
        });
        return Buffer.from(pdf);
      } finally {
        await context.close();
      }
    },
    async close() {
      const b = browser;
      browser = null;
      if (b) await (await b.catch(() => null))?.close();
    },
  };
}

/** One-off printing (the CLI); the app keeps one renderer for its lifetime instead. */
export async function renderPdf(html: string, { chromiumPath }: { chromiumPath: string }): Promise<Buffer> {
  const r = createPdfRenderer({ chromiumPath });
  try {
    return await r.render(html);
  } finally {
    await r.close();
  }
}
