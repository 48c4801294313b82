// Small but real files of each kind the evidence store meets: what the sniffing sees at the start
// of a photo, a scan or an Office document, and things that only pretend to be one.
import { zipBuffer } from './zip';

/** A 1×1 PNG, complete. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The start of a JPEG from a camera (SOI, then a JFIF APP0 segment). */
export const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0', 'latin1'),
  Buffer.alloc(64),
]);

export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

/** An ISO-BMFF `ftyp` box with the brand a phone writes into a HEIC photo. */
export const HEIC = Buffer.concat([
  Buffer.from([0x00, 0x00, 0x00, 0x18]),
  Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
  Buffer.alloc(64),
]);

export const WEBP = Buffer.concat([
  Buffer.from('RIFF', 'latin1'),
  Buffer.from([0x24, 0x00, 0x00, 0x00]),
  Buffer.from('WEBPVP8 ', 'latin1'),
  Buffer.alloc(64),
]);

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** A compound file whose directory names the given stream, as Word 97-2003 (WordDocument) or an MSI. */
export function compoundFile(streamName: string): Buffer {
  const header = Buffer.alloc(512);
  CFB_MAGIC.copy(header);
  const entry = Buffer.alloc(128);
  entry.write(streamName, 'utf16le');
  return Buffer.concat([header, entry]);
}

const CONTENT_TYPES = (main: string) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  `<Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;

/** A DOCX as Word writes it, reduced to the two parts that make it one. */
export function docx(): Promise<Buffer> {
  return zipBuffer({
    '[Content_Types].xml': CONTENT_TYPES(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    ),
    'word/document.xml':
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>活动记录</w:t></w:r></w:p></w:body></w:document>',
  });
}

/** A Windows program: what a "报告.pdf" from a phishing mail really is. */
export const EXE = Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(62), Buffer.from('PE\0\0')]);

export const HTML = Buffer.from(
  '<!DOCTYPE html><html><body><script>document.location="http://evil.example/"</script></body></html>',
);

export const TEXT = Buffer.from('2020年文明单位创建工作总结：全年开展活动12次。\n');
