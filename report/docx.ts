// The year report as a Word document laid out as a 公文 reads (GB/T 9704-2012): A4, 天头 37 mm and
// 订口 28 mm (a text block of 156 × 225 mm), 22 lines of 3号 (16 pt) 仿宋 a page, the title in 2号
// 小标宋, headings in 黑体 (一、) and 楷体 (（一）), each paragraph indented two characters, page numbers
// in 4号 宋体 as "— 1 —", right on odd pages and left on even ones. Fonts are named, not embedded:
// the names Word and WPS on an office PC know (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体), which each
// maps to the font it has. Written with the `docx` library from the same content as every other form.
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  type IRunOptions,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import type { YearRecord } from '../domain/year-record';
import { reportContent, type Block, type Cell, type Inline } from './content';

/** Font names as 公文 templates write them; Latin letters and figures in Times New Roman. */
export const DOCX_FONTS = {
  title: '方正小标宋简体',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  body: '仿宋_GB2312',
  pageNumber: '宋体',
  latin: 'Times New Roman',
} as const;

/** Millimetres in twentieths of a point, rounded as Word rounds them (A4 is 11906 × 16838). */
const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);

/** Sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 五号 10.5 pt. */
const SIZE = { title: 44, body: 32, pageNumber: 28, table: 21 } as const;
/** 225 mm of text height over 22 lines: 28.95 pt, in twentieths of a point. */
export const DOCX_LINE_PITCH = 579;
const TEXT_WIDTH = mm(156);
/** Two characters of 3号 text. */
const INDENT = 640;

const font = (eastAsia: string) => ({
  ascii: DOCX_FONTS.latin,
  hAnsi: DOCX_FONTS.latin,
  cs: DOCX_FONTS.latin,
  eastAsia,
});
const exact = (line: number) => ({ line, lineRule: LineRuleType.EXACT });

function styles() {
  const heading = (id: string, name: string, fontName: string, bold = false) => ({
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: { font: font(fontName), size: SIZE.body, bold, color: '000000' },
    paragraph: {
      indent: { firstLine: INDENT },
      keepNext: true,
      keepLines: true,
      spacing: exact(DOCX_LINE_PITCH),
    },
  });
  return {
    default: {
      document: {
        run: {
          font: font(DOCX_FONTS.body),
          size: SIZE.body,
          language: { value: 'en-US', eastAsia: 'zh-CN' },
        },
        paragraph: { spacing: exact(DOCX_LINE_PITCH) },
      },
    },
    paragraphStyles: [
      {
        id: 'Title',
        name: 'Title',
        basedOn: 'Normal',
        next: 'Normal',
        run: { font: font(DOCX_FONTS.title), size: SIZE.title, color: '000000' },
        paragraph: { alignment: AlignmentType.CENTER, spacing: exact(700) },
      },
      heading('Heading1', 'heading 1', DOCX_FONTS.heading1),
      heading('Heading2', 'heading 2', DOCX_FONTS.heading2),
      heading('Heading3', 'heading 3', DOCX_FONTS.body, true),
      {
        id: 'TableText',
        name: 'Table Text',
        basedOn: 'Normal',
        run: { size: SIZE.table },
        paragraph: { spacing: { line: 280, lineRule: LineRuleType.AT_LEAST } },
      },
      {
        id: 'TableCaption',
        name: 'Table Caption',
        basedOn: 'Normal',
        next: 'Normal',
        run: { font: font(DOCX_FONTS.heading1), size: SIZE.pageNumber },
        paragraph: {
          alignment: AlignmentType.CENTER,
          keepNext: true,
          spacing: { before: 120, ...exact(DOCX_LINE_PITCH) },
        },
      },
    ],
  };
}

/** Text with line breaks as runs with breaks. */
function runs(text: string, options: Omit<IRunOptions, 'text' | 'children'> = {}): TextRun[] {
  return text.split('\n').map((line, i) => new TextRun({ ...options, text: line, break: i ? 1 : undefined }));
}

function inline(piece: Inline, options: Omit<IRunOptions, 'text' | 'children'> = {}) {
  if (typeof piece === 'string') return runs(piece, options);
  const bold = piece.tone === 'bad' ? { bold: true } : {};
  if (!piece.href) return runs(piece.text, { ...options, ...bold });
  return [
    new ExternalHyperlink({
      link: piece.href,
      children: runs(piece.text, { ...options, style: 'Hyperlink' }),
    }),
  ];
}

const cellPieces = (value: Cell): readonly Inline[] =>
  typeof value === 'string' || !Array.isArray(value) ? [value as Inline] : (value as readonly Inline[]);

export function cellText(value: Cell): string {
  return cellPieces(value)
    .map((p) => (typeof p === 'string' ? p : p.text))
    .join('\n');
}

const body = (children: (TextRun | ExternalHyperlink)[]) =>
  new Paragraph({ children, alignment: AlignmentType.JUSTIFIED, indent: { firstLine: INDENT } });

/** A text's width in Chinese characters: Latin letters and figures take about half of one. */
function displayWidth(text: string): number {
  return Array.from(text).reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 1 : 0.55), 0);
}

/** Column widths by what the columns hold: a wide summary, a narrow count. */
function columnWidths(headers: readonly string[], rows: readonly (readonly Cell[])[]): number[] {
  const weights = headers.map((h, c) => {
    const lengths = rows.map((r) =>
      Math.max(
        ...cellText(r[c] ?? '')
          .split('\n')
          .map(displayWidth),
      ),
    );
    const typical = lengths.sort((a, b) => a - b)[Math.floor(lengths.length * 0.8)] ?? 0;
    return Math.min(16, Math.max(2.5, Math.min(displayWidth(h), 6), typical));
  });
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.floor((w / total) * TEXT_WIDTH));
}

function tableCell(value: Cell, width: number, header = false): TableCell {
  const paragraphs = cellPieces(value).map(
    (p) => new Paragraph({ style: 'TableText', children: inline(p, header ? { bold: true } : {}) }),
  );
  return new TableCell({
    children: paragraphs.length ? paragraphs : [new Paragraph({ style: 'TableText' })],
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: 60, right: 60, top: 20, bottom: 20 },
    ...(header && { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'E7E6E6' } }),
  });
}

function table(b: Extract<Block, { type: 'table' }>): (Paragraph | Table)[] {
  const widths = columnWidths(b.headers, b.rows);
  const out: (Paragraph | Table)[] = [];
  if (b.caption) out.push(new Paragraph({ style: 'TableCaption', text: b.caption }));
  out.push(
    new Table({
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: b.headers.map((h, i) => tableCell(h, widths[i], true)),
        }),
        ...b.rows.map(
          (row) => new TableRow({ cantSplit: true, children: row.map((c, i) => tableCell(c, widths[i])) }),
        ),
      ],
    }),
    // Word needs a paragraph between two tables, and the text after a table reads better with air.
    new Paragraph({ style: 'TableText' }),
  );
  return out;
}

const HEADINGS = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_1,
  3: HeadingLevel.HEADING_2,
  4: HeadingLevel.HEADING_3,
};

function block(b: Block): (Paragraph | Table)[] {
  switch (b.type) {
    case 'heading':
      return [new Paragraph({ heading: HEADINGS[b.level], children: runs(b.text) })];
    case 'paragraph':
      return [body(runs(b.text))];
    case 'facts':
      return b.items.map((f) =>
        body([
          ...runs(`${f.label}：`),
          ...cellPieces(f.value).flatMap((p, i) => [...(i ? runs('；') : []), ...inline(p)]),
        ]),
      );
    case 'list':
      return b.items.map((item, i) => body(runs(`（${i + 1}）${item}`)));
    case 'table':
      return table(b);
    case 'chart':
      // The figures of every chart are in the table beside it; Word gets the tables.
      return [];
    case 'group':
      return b.blocks.flatMap(block);
  }
}

function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const oneChar = 280;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: oneChar } : { left: oneChar },
        spacing: { line: 240, lineRule: LineRuleType.AUTO },
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: font(DOCX_FONTS.pageNumber),
            size: SIZE.pageNumber,
          }),
        ],
      }),
    ],
  });
}

/** The report as a .docx file's bytes. */
export async function renderDocx(record: YearRecord): Promise<Buffer> {
  const content = reportContent(record);
  const doc = new Document({
    title: content.title,
    subject: content.title,
    creator: content.organization,
    lastModifiedBy: content.organization,
    description: content.subtitle.join('；'),
    styles: styles(),
    evenAndOddHeaderAndFooters: true,
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: {
              top: mm(37),
              bottom: mm(35),
              left: mm(28),
              right: mm(26),
              header: mm(15),
              footer: mm(23),
            },
          },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: [
          new Paragraph({ style: 'Title', children: runs(content.title) }),
          ...content.subtitle.map(
            (s) =>
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: runs(s, { font: font(DOCX_FONTS.heading2) }),
              }),
          ),
          new Paragraph({}),
          ...content.blocks.flatMap(block),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
