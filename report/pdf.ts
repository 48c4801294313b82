// The year report as PDF: the printable HTML page (report/html.ts) printed by Debian's chromium
// through playwright-core, as its print preview shows it, on A4 with the page number under each
// page ("— 1 —"). The page has no script and asks for nothing, and the browser runs with JavaScript
// off and offline, so printing record text can neither run code nor reach the network.
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_HEADLESS_ARGS } from '../config/chromium';
import type { YearRecord } from '../domain/year-record';
import { renderHtml } from './html';

/** Debian's chromium, as stack/toolchain.ts names it (never a browser downloaded at run time). */

const FOOTER =
  '<div style="width:100%;text-align:center;font-size:10pt;font-family:SimSun,serif">— <span class="pageNumber"></span> —</div>';

export class PdfUnavailableError extends Error {}

/** The report as a PDF file's bytes; PdfUnavailableError when there is no chromium to print with. */
export async function renderPdf(record: YearRecord, executablePath = CHROMIUM): Promise<Buffer> {
  const html = renderHtml(record);
  const browser = await chromium
    .launch({ executablePath, args: [...CHROMIUM_HEADLESS_ARGS], timeout: 60_000 })
    .catch((err: unknown) => {
      throw new PdfUnavailableError(
        `cannot start chromium at ${executablePath} to print the PDF (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`,
      );
    });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load', timeout: 60_000 });
    await page.emulateMedia({ media: 'print' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER,
      margin: { top: '16mm', bottom: '18mm', left: '14mm', right: '14mm' },
      tagged: true,
      outline: true,
    });
  } finally {
    await browser.close();
  }
}
