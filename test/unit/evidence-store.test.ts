import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { checkEvidence, EVIDENCE_MAX_FILE_BYTES, EVIDENCE_MAX_FILES } from '../../evidence/content-type';
import { evidenceRef, isEvidenceHash, parseEvidenceRef } from '../../evidence/ref';
import {
  defaultEvidenceDir,
  EvidenceCorruptError,
  evidenceName,
  EvidenceRejectedError,
  EvidenceTooLargeError,
  FileEvidenceStore,
  sanitizeEvidenceName,
} from '../../evidence/store';
import { compoundFile, docx, EXE, HEIC, HTML, JPEG, PDF, PNG, TEXT, WEBP } from '../helpers/evidence-samples';
import { zipBuffer } from '../helpers/zip';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(tmpdir(), 'civ-evidence-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function store(now = '2020-12-02T02:30:00.000Z'): FileEvidenceStore {
  return new FileEvidenceStore({ dir, now: () => new Date(now) });
}

describe('FileEvidenceStore', () => {
  it('stores a file under its sha256 and gives it back with its meta', async () => {
    const s = store();
    const meta = await s.put(PNG, '活动照片.png');
    const hash = sha256(PNG);
    expect(meta).toEqual({
      hash,
      name: '活动照片.png',
      type: 'image/png',
      size: PNG.length,
      storedAt: '2020-12-02T02:30:00.000Z',
    });
    expect(await filesUnder(dir)).toEqual([
      `${hash.slice(0, 2)}/${hash}`,
      `${hash.slice(0, 2)}/${hash}.json`,
    ]);
    const got = await s.get(hash);
    expect(got?.meta).toEqual(meta);
    expect(got?.bytes.equals(PNG)).toBe(true);
    expect(await s.meta(hash)).toEqual(meta);
    // A second store on the same folder (another process) sees the same file.
    expect((await new FileEvidenceStore({ dir }).get(hash))?.bytes.equals(PNG)).toBe(true);
  });

  it('keeps the same bytes once, with the meta of the first upload', async () => {
    const first = await store('2020-12-02T02:30:00.000Z').put(PDF, '方案.pdf');
    const again = await store('2020-12-09T08:00:00.000Z').put(Uint8Array.from(PDF), '方案（定稿）.pdf');
    expect(again).toEqual(first);
    expect(await filesUnder(dir)).toHaveLength(2);
  });

  it('lets only the first of several simultaneous uploads of one file name it', async () => {
    const s = store();
    const metas = await Promise.all(['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf'].map((n) => s.put(PDF, n)));
    expect(new Set(metas.map((m) => JSON.stringify(m))).size).toBe(1);
    expect(await s.meta(sha256(PDF))).toEqual(metas[0]);
    expect(await filesUnder(dir)).toHaveLength(2);
  });

  it('leaves no temporary file behind, after a success or a refusal', async () => {
    const s = store();
    await s.put(PNG, 'a.png');
    await s.put(PDF, 'b.pdf');
    await s.put(await docx(), 'c.docx');
    await expect(s.put(EXE, 'd.pdf')).rejects.toThrow(EvidenceRejectedError);
    const files = await filesUnder(dir);
    expect(files).toHaveLength(6);
    for (const f of files) expect(f).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}(\.json)?$/);
  });

  it('refuses a file it does not accept, with the reason to show, and stores nothing', async () => {
    await expect(store().put(HTML, '通知.pdf')).rejects.toThrow(/文件类型不支持/);
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('answers undefined for anything that is not a hash, never touching a path built from it', async () => {
    const s = store();
    const { hash } = await s.put(PNG, 'a.png');
    await fs.writeFile(path.join(dir, 'secret'), 'not evidence');
    for (const bad of [
      '',
      '../secret',
      `../${hash.slice(0, 2)}/${hash}`,
      `${hash.slice(0, 2)}/${hash}`,
      hash.toUpperCase(),
      `${hash}.json`,
      `${hash.slice(0, 63)}`,
      `${hash}0`,
      `sha256:${hash}`,
      `${hash.slice(0, 62)}/.`,
      '/etc/passwd',
    ]) {
      expect(await s.get(bad)).toBeUndefined();
      expect(await s.meta(bad)).toBeUndefined();
    }
    expect(await s.get('0'.repeat(64))).toBeUndefined();
  });

  it('refuses to hand out a file whose bytes no longer match their hash', async () => {
    const s = store();
    const { hash } = await s.put(PDF, 'a.pdf');
    await fs.writeFile(path.join(dir, hash.slice(0, 2), hash), Buffer.from('%PDF-1.4 tampered'));
    await expect(s.get(hash)).rejects.toThrow(EvidenceCorruptError);
  });

  it('lives under CIV_DATA_DIR, else under <repo>/data', () => {
    expect(defaultEvidenceDir({ CIV_DATA_DIR: '/var/lib/civ' })).toBe('/var/lib/civ/evidence');
    expect(defaultEvidenceDir({})).toBe(path.resolve(__dirname, '..', '..', 'data', 'evidence'));
  });
});

describe('sanitizeEvidenceName', () => {
  it.each([
    ['C:\\fakepath\\活动照片.jpg', '活动照片.jpg'],
    ['../../etc/passwd', 'passwd'],
    ['报告\u202Efdp.exe', '报告fdp.exe'],
    ['a\u0000b\nc\td.pdf', 'abcd.pdf'],
    ['what?<x>|"y":*.docx', 'what__x___y___.docx'],
    ['  .hidden.pdf ', 'hidden.pdf'],
    ['', '未命名文件'],
    ['..', '未命名文件'],
    ['dir/', '未命名文件'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeEvidenceName(input)).toBe(expected);
  });

  it('cuts a long name to 120 characters, keeping its extension', () => {
    const name = sanitizeEvidenceName(`${'创建工作台账'.repeat(30)}.xlsx`);
    expect(Array.from(name)).toHaveLength(120);
    expect(name).toBe(`${'创建工作台账'.repeat(30).slice(0, 115)}.xlsx`);
  });
});

describe('checkEvidence', () => {
  it.each([
    ['PNG', PNG, 'image/png', 'png'],
    ['JPEG', JPEG, 'image/jpeg', 'jpg'],
    ['WebP', WEBP, 'image/webp', 'webp'],
    ['HEIC', HEIC, 'image/heic', 'heic'],
    ['PDF', PDF, 'application/pdf', 'pdf'],
    ['Word 97-2003', compoundFile('WordDocument'), 'application/msword', 'doc'],
    ['Excel 97-2003', compoundFile('Workbook'), 'application/vnd.ms-excel', 'xls'],
  ])('accepts %s by its content, whatever its name', async (_kind, bytes, type, ext) => {
    expect(await checkEvidence(bytes, 'upload.bin')).toEqual({ ok: true, type, ext });
  });

  it('accepts a DOCX and an XLSX, which are zips with Office content types', async () => {
    expect(await checkEvidence(await docx(), '总结.docx')).toEqual({
      ok: true,
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      ext: 'docx',
    });
    const xlsx = await zipBuffer({
      '[Content_Types].xml':
        '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
      'xl/workbook.xml': '<workbook/>',
    });
    expect(await checkEvidence(xlsx, '台账.xlsx')).toMatchObject({ ok: true, ext: 'xlsx' });
  });

  it.each([
    ['a program', EXE],
    ['a web page', HTML],
    ['plain text', TEXT],
    ['an MSI installer (a compound file without Word or Excel streams)', compoundFile('SummaryInformation')],
  ])('refuses %s renamed .pdf, saying the content does not match', async (_kind, bytes) => {
    const result = await checkEvidence(bytes, '活动方案.pdf');
    expect(result).toEqual({
      ok: false,
      reason: expect.stringMatching(/^文件内容与扩展名“\.pdf”不符。文件类型不支持：仅接受图片/),
    });
  });

  it('refuses a plain zip, an SVG and a macro-enabled workbook whatever they are called', async () => {
    const zip = await zipBuffer({ 'a.txt': 'x' });
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const xlsm = await zipBuffer({
      '[Content_Types].xml':
        '<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
      'xl/workbook.xml': '<workbook/>',
    });
    for (const bytes of [zip, svg, xlsm])
      expect(await checkEvidence(bytes, 'photo')).toEqual({
        ok: false,
        reason:
          '文件类型不支持：仅接受图片（JPG、PNG、WebP、HEIC）、PDF 和 Office 文档（Word、Excel、PowerPoint）',
      });
  });

  it('refuses an empty file and one over the size limit', async () => {
    expect(await checkEvidence(new Uint8Array(0), 'a.pdf')).toEqual({
      ok: false,
      reason: '文件为空，请重新选择',
    });
    const big = Buffer.alloc(EVIDENCE_MAX_FILE_BYTES + 1);
    PDF.copy(big);
    expect(await checkEvidence(big, 'a.pdf')).toEqual({
      ok: false,
      reason: '文件过大：单个文件不能超过 10 MB',
    });
    expect(EVIDENCE_MAX_FILE_BYTES).toBe(10 * 1024 * 1024);
    expect(EVIDENCE_MAX_FILES).toBe(5);
  });
});

describe('evidence references', () => {
  const hash = sha256(PNG);

  it('round-trips a hash, and reads hex digits in either case', () => {
    expect(evidenceRef(hash)).toBe(`sha256:${hash}`);
    expect(parseEvidenceRef(evidenceRef(hash))).toBe(hash);
    expect(parseEvidenceRef(` SHA256:${hash.toUpperCase()} `)).toBe(hash);
    expect(isEvidenceHash(hash)).toBe(true);
  });

  it('is not fooled by links, share paths or truncated hashes', () => {
    for (const text of [
      'https://wmcj.example.gov.cn/2020/task-05/legal.pdf',
      '\\\\fileserver\\wmcj\\2020',
      `sha256:${hash.slice(1)}`,
      `sha256:${hash}/../x`,
      `md5:${hash}`,
      hash,
    ])
      expect(parseEvidenceRef(text)).toBeUndefined();
    expect(() => evidenceRef('not-a-hash')).toThrow(RangeError);
  });
});

describe('names follow the content, and each item keeps its own', () => {
  /** A PNG with a script appended: still a PNG to the sniffer. */
  const polyglot = Buffer.concat([PNG, Buffer.from('<script>alert(1)</script>')]);

  it('stores a file under the extension of its sniffed type, whatever it was called', async () => {
    const s = store();
    expect((await s.put(polyglot, '通知.hta')).name).toBe('通知.png');
    expect((await s.put(JPEG, 'gpj.exe')).name).toBe('gpj.jpg');
    expect((await s.put(PDF, '方案')).name).toBe('方案.pdf');
    expect(evidenceName('活动照片.JPEG', 'image/jpeg')).toBe('活动照片.jpeg');
    expect(evidenceName('v1.2 总结', 'application/pdf')).toBe('v1.2 总结.pdf');
    expect(evidenceName('', 'image/png')).toBe('未命名文件.png');
    // A meta written before names followed their type reads with the type's extension.
    const hash = sha256(polyglot);
    const metaFile = path.join(dir, hash.slice(0, 2), `${hash}.json`);
    const meta = JSON.parse(await fs.readFile(metaFile, 'utf8'));
    await fs.writeFile(metaFile, JSON.stringify({ ...meta, name: '通知.hta' }));
    expect((await s.meta(hash))?.name).toBe('通知.png');
    expect((await s.get(hash))?.meta.name).toBe('通知.png');
  });

  it('stages a file as it streams, stores it only on commit, and forgets it on discard', async () => {
    const s = store();
    const staged = await s.stage(Readable.from([PDF.subarray(0, 10), PDF.subarray(10)]), '方案.exe', 1024);
    expect(staged).toMatchObject({
      hash: sha256(PDF),
      size: PDF.length,
      type: 'application/pdf',
      name: '方案.pdf',
    });
    expect(await s.meta(staged.hash)).toBeUndefined();
    await s.discard(staged);
    expect(await filesUnder(dir)).toEqual([]);

    await expect(s.stage(Readable.from([Buffer.alloc(2048)]), 'big.pdf', 1024)).rejects.toBeInstanceOf(
      EvidenceTooLargeError,
    );
    await expect(s.stage(Readable.from([EXE]), 'photo.png', 1024)).rejects.toBeInstanceOf(
      EvidenceRejectedError,
    );
    expect(await filesUnder(dir)).toEqual([]);

    const again = await s.stage(Readable.from([PDF]), '方案.pdf', 1024);
    await s.commit(again, { workflowId: 'civ-2020-task-05', uploader: 'He.Min@example.gov.cn' });
    expect((await s.get(again.hash))?.bytes.equals(PDF)).toBe(true);
    expect(await s.usage({ workflowId: 'civ-2020-task-05' })).toEqual({ files: 1, bytes: PDF.length });
    expect(await s.usage({ workflowId: 'civ-2020-task-01', uploader: 'he.min@example.gov.cn' })).toEqual({
      files: 1,
      bytes: PDF.length,
    });
    expect(await s.usage({ workflowId: 'civ-2021-task-01', uploader: 'he.min@example.gov.cn' })).toEqual({
      files: 0,
      bytes: 0,
    });
    expect(await s.usage({ workflowId: 'civ-2020-task-05', uploader: 'zhou.qiang@example.gov.cn' })).toEqual({
      files: 0,
      bytes: 0,
    });
    // No uploader's address becomes a file name.
    expect((await filesUnder(dir)).join('\n')).not.toMatch(/he\.min|example/i);
  });

  it('shows each item the name its own uploader gave, never another item’s or organization’s', async () => {
    const s = store();
    const first = await s.stage(Readable.from([PDF]), '某单位内部名单.pdf', 1024);
    await s.commit(first, { workflowId: 'civ-unit-a-2020-task-05', uploader: 'a@unit-a.example.gov.cn' });
    const second = await s.stage(Readable.from([PDF]), '培训签到表.pdf', 1024);
    await s.commit(second, { workflowId: 'civ-2020-task-05', uploader: 'he.min@example.gov.cn' });
    expect((await s.get(first.hash, 'civ-2020-task-05'))?.meta.name).toBe('培训签到表.pdf');
    expect((await s.get(first.hash, 'civ-unit-a-2020-task-05'))?.meta.name).toBe('某单位内部名单.pdf');
    // An item with no record of the file (cited by hash from the CLI): a neutral name.
    expect((await s.get(first.hash, 'civ-2020-task-01'))?.meta.name).toBe(
      `附件-${first.hash.slice(0, 8)}.pdf`,
    );
    // Stored once.
    expect((await filesUnder(dir)).filter((f) => !f.startsWith('uploads/'))).toHaveLength(2);
  });
});
