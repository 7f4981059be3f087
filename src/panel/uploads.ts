// What an uploaded document is, decided from its content: file-type reads the magic bytes (and, for
// a Word file, the parts inside the zip), so a file renamed to .pdf is refused for what it is. The
// name must agree with the content: a PDF named .docx is refused too, as a reader would be misled.
import { createHash } from 'node:crypto';

/** 10 MB: a long Panel paper with charts is a few MB; the web form and the API hold to the same. */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DOCUMENT_TYPES = {
  pdf: { mediaType: 'application/pdf', label: 'PDF' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word' },
} as const;
export type DocumentType = keyof typeof DOCUMENT_TYPES;

export type CheckedFile = { fileType: DocumentType; mediaType: string; size: number; sha256: string; filename: string };

/** The problem with a file as the user should read it, or the file's type, size and hash. */
export async function checkDocumentFile(filename: string, data: Buffer): Promise<{ ok: true; file: CheckedFile } | { ok: false; message: string }> {
  const name = filename.replace(/^.*[\\/]/, '').trim();
  if (!name) return { ok: false, message: 'Select a PDF or Word file' };
  if (!data.byteLength) return { ok: false, message: 'The selected file is empty' };
  if (data.byteLength > DOCUMENT_MAX_BYTES) return { ok: false, message: `The selected file must be smaller than ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB` };
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  if (ext === 'doc') return { ok: false, message: 'The selected file is an old Word 97-2003 document (.doc): save it as a Word Document (.docx) or as PDF' };
  if (ext !== 'pdf' && ext !== 'docx') return { ok: false, message: 'The selected file must be a PDF (.pdf) or a Word Document (.docx)' };
  // Loaded when a file is checked, not at start (issue 19).
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(data);
  if (found?.ext !== ext) {
    const what = ext === 'pdf' ? 'a PDF' : 'a Word Document';
    return { ok: false, message: `The selected file is not ${what}, although its name ends in .${ext}: check you chose the right file` };
  }
  return {
    ok: true,
    file: {
      fileType: ext,
      mediaType: DOCUMENT_TYPES[ext].mediaType,
      size: data.byteLength,
      sha256: createHash('sha256').update(data).digest('hex'),
      filename: name,
    },
  };
}
