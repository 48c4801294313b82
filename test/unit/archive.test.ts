import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ARCHIVE_INDEX_HEADERS, defaultArchivePath, writeYearArchive } from '../../cli/archive';
import { CliError } from '../../cli/errors';
import type { YearRecord } from '../../domain/year-record';
import { evidenceRef } from '../../evidence/ref';
import { type EvidenceStore, FileEvidenceStore } from '../../evidence/store';
import { renderYearReport } from '../../report';
import { docx, PDF, PNG } from '../helpers/evidence-samples';
import { sampleYearRecord } from '../helpers/year-record-sample';
import { readZip } from '../helpers/zip';
import { sheetsByLibreOffice } from '../helpers/office-workbooks';
import mammoth from 'mammoth';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const MISSING = 'f'.repeat(64);
const REPORTS = ['report.csv', 'report.docx', 'report.html', 'report.md', 'report.xlsx'];

let dir: string;
let store: FileEvidenceStore;
let docxBytes: Buffer;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(tmpdir(), 'civ-archive-'));
  store = new FileEvidenceStore({ dir: path.join(dir, 'evidence') });
  docxBytes = await docx();
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function branchOf(record: YearRecord, workflowId: string, branchId: string) {
  const b = record.items.find((i) => i.workflowId === workflowId)?.branches.find((x) => x.id === branchId);
  if (!b) throw new Error(`no branch ${branchId} in ${workflowId}`);
  return b;
}

/** The sample year with stored evidence in a few reports, one reference to a file nobody stored. */
async function recordWithEvidence(): Promise<YearRecord> {
  const png = await store.put(PNG, '普法宣传活动照片.png');
  const pdf = await store.put(PDF, '活动方案.pdf');
  const doc = await store.put(docxBytes, '上半年学习记录.docx');
  const record = sampleYearRecord();
  const legal = branchOf(record, 'civ-2020-task-05', 'legal');
  // The same photo twice in one report, next to a link: archived once, listed twice, the link left out.
  legal.report!.evidence = [
    evidenceRef(png.hash),
    'https://wmcj.example.gov.cn/x.pdf',
    evidenceRef(png.hash),
  ];
  branchOf(record, 'civ-2020-task-05', 'office').report!.evidence = [
    evidenceRef(pdf.hash),
    evidenceRef(MISSING),
  ];
  branchOf(record, 'civ-2020-task-01', 'party-committee').milestones['mid-year'].evidence = [
    evidenceRef(doc.hash),
  ];
  branchOf(record, 'civ-2020-theme-06', 'first-branch').report!.evidence = [evidenceRef(png.hash)];
  return record;
}

/** index.csv as rows of fields; no field of the sample holds a comma, quote or line break. */
function parseIndex(bytes: Buffer): string[][] {
  const text = bytes.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return text
    .slice(1)
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.split(','));
}

describe('writeYearArchive', () => {
  it('holds the year report, every stored evidence file once per branch, and an index of them', async () => {
    const record = await recordWithEvidence();
    const out = path.join(dir, 'out', defaultArchivePath(2020));
    await fs.mkdir(path.dirname(out));
    const summary = await writeYearArchive(record, store, out);
    expect(summary).toEqual({ path: out, references: 6, files: 4, missing: 1, corrupt: 0 });
    expect(await fs.readdir(path.dirname(out))).toEqual(['civ-2020-archive.zip']);

    const zip = await readZip(out);
    const [png, pdf, doc] = [sha256(PNG), sha256(PDF), sha256(docxBytes)];
    const files = {
      [`evidence/civ-2020-task-01/party-committee/${doc.slice(0, 8)}-上半年学习记录.docx`]: docxBytes,
      [`evidence/civ-2020-task-05/legal/${png.slice(0, 8)}-普法宣传活动照片.png`]: PNG,
      [`evidence/civ-2020-task-05/office/${pdf.slice(0, 8)}-活动方案.pdf`]: PDF,
      [`evidence/civ-2020-theme-06/first-branch/${png.slice(0, 8)}-普法宣传活动照片.png`]: PNG,
    };
    expect([...zip.keys()].sort()).toEqual(['index.csv', ...REPORTS, ...Object.keys(files)].sort());
    for (const [name, bytes] of Object.entries(files)) expect(zip.get(name)?.equals(bytes)).toBe(true);
    for (const format of ['md', 'html', 'csv'] as const)
      expect(zip.get(`report.${format}`)?.toString('utf8')).toBe(renderYearReport(record, format));

    const [header, ...rows] = parseIndex(zip.get('index.csv')!);
    expect(header).toEqual([...ARCHIVE_INDEX_HEADERS]);
    expect(rows).toEqual([
      [
        'civ-2020-task-01',
        '深入学习贯彻新思想',
        'party-committee',
        '机关党委',
        '阶段进展：上半年学习情况小结',
        '吴芳',
        '2020年6月28日 10:00',
        '上半年学习记录.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        String(docxBytes.length),
        doc,
        '已归档',
        `evidence/civ-2020-task-01/party-committee/${doc.slice(0, 8)}-上半年学习记录.docx`,
      ],
      ...[0, 1].map(() => [
        'civ-2020-task-05',
        '积极开展普法知识教育',
        'legal',
        '法规处',
        '最终报送',
        '何敏',
        '2020年12月2日 10:30',
        '普法宣传活动照片.png',
        'image/png',
        String(PNG.length),
        png,
        '已归档',
        `evidence/civ-2020-task-05/legal/${png.slice(0, 8)}-普法宣传活动照片.png`,
      ]),
      [
        'civ-2020-task-05',
        '积极开展普法知识教育',
        'office',
        '办公室',
        '最终报送',
        '周强',
        '2020年12月2日 10:30',
        '活动方案.pdf',
        'application/pdf',
        String(PDF.length),
        pdf,
        '已归档',
        `evidence/civ-2020-task-05/office/${pdf.slice(0, 8)}-活动方案.pdf`,
      ],
      [
        'civ-2020-task-05',
        '积极开展普法知识教育',
        'office',
        '办公室',
        '最终报送',
        '周强',
        '2020年12月2日 10:30',
        '',
        '',
        '',
        MISSING,
        '缺失',
        '',
      ],
      [
        'civ-2020-theme-06',
        '“绿色环保”践行月',
        'first-branch',
        '机关第一支部',
        '最终报送',
        '许文',
        '2020年7月3日 11:20',
        '普法宣传活动照片.png',
        'image/png',
        String(PNG.length),
        png,
        '已归档',
        `evidence/civ-2020-theme-06/first-branch/${png.slice(0, 8)}-普法宣传活动照片.png`,
      ],
    ]);
  });

  it('lists a damaged file in the index instead of archiving it', async () => {
    const record = await recordWithEvidence();
    const pdf = sha256(PDF);
    await fs.writeFile(path.join(store.dir, pdf.slice(0, 2), pdf), 'not the scan any more');
    const out = path.join(dir, 'year.zip');
    expect(await writeYearArchive(record, store, out)).toMatchObject({ files: 3, missing: 1, corrupt: 1 });
    const zip = await readZip(out);
    expect([...zip.keys()].some((k) => k.includes(pdf.slice(0, 8)))).toBe(false);
    const row = parseIndex(zip.get('index.csv')!).find((r) => r[10] === pdf);
    expect(row?.[11]).toBe('已损坏（内容与校验值不符）');
  });

  it('holds the Word report and the 台账 workbook, its evidence files named as stored', async () => {
    const record = await recordWithEvidence();
    const out = path.join(dir, 'office.zip');
    await writeYearArchive(record, store, out);
    const zip = await readZip(out);
    const text = (await mammoth.extractRawText({ buffer: zip.get('report.docx')! })).value;
    expect(text).toContain('2020年深化全国文明单位创建工作情况报告（复查评审台账）');
    expect(text).toContain('第5项　积极开展普法知识教育');
    const xlsx = path.join(dir, 'report.xlsx');
    await fs.writeFile(xlsx, zip.get('report.xlsx')!);
    const sheet = sheetsByLibreOffice(xlsx)['（一）强化思想引领，推动理论武装走深走实'];
    const png = sha256(PNG).slice(0, 8);
    expect(sheet).toContain(`普法宣传活动照片.png（附件 ${png}）`);
    expect(sheet).toContain(`活动方案.pdf（附件 ${sha256(PDF).slice(0, 8)}）`);
    // A file nobody stored is still listed, by the digits its reference carries.
    expect(sheet).toContain(`附件 ${MISSING.slice(0, 8)}`);
  });

  it('writes a year without stored evidence as the report and an index with its header only', async () => {
    const out = path.join(dir, 'plain.zip');
    expect(await writeYearArchive(sampleYearRecord(), store, out)).toMatchObject({ references: 0, files: 0 });
    const zip = await readZip(out);
    expect([...zip.keys()].sort()).toEqual(['index.csv', ...REPORTS].sort());
    expect(parseIndex(zip.get('index.csv')!)).toEqual([[...ARCHIVE_INDEX_HEADERS]]);
  });

  it('refuses an out path it cannot write, leaving nothing behind', async () => {
    const record = await recordWithEvidence();
    await expect(writeYearArchive(record, store, path.join(dir, 'no-such-dir', 'a.zip'))).rejects.toThrow(
      new CliError(
        `cannot write ${path.join(dir, 'no-such-dir', 'a.zip')}: there is no directory ${path.join(dir, 'no-such-dir')}`,
      ),
    );
    await expect(writeYearArchive(record, store, dir)).rejects.toThrow(/it is a directory/);
    expect((await fs.readdir(dir)).sort()).toEqual(['evidence']);
  });

  it('leaves neither the zip nor a temporary file when a file cannot be read while zipping', async () => {
    const record = await recordWithEvidence();
    let reads = 0;
    // Every file reads once to be checked, then once more to be zipped: the second round fails.
    const flaky: EvidenceStore = {
      put: (bytes, name) => store.put(bytes, name),
      meta: (hash) => store.meta(hash),
      get: async (hash) => {
        if (++reads > 4) throw new Error('NFS server not responding');
        return store.get(hash);
      },
    };
    const out = path.join(dir, 'year.zip');
    await fs.writeFile(out, 'last week’s archive');
    await expect(writeYearArchive(record, flaky, out)).rejects.toThrow('NFS server not responding');
    expect((await fs.readdir(dir)).sort()).toEqual(['evidence', 'year.zip']);
    expect(await fs.readFile(out, 'utf8')).toBe('last week’s archive');
  });
});
