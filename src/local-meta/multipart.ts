/** A small multipart/form-data parser for media uploads (`POST /{phone-number-id}/media`). Pure. */
export interface FormPart {
  name: string;
  fileName?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /^multipart\/form-data\s*;.*?boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]) : undefined;
}

function headerParam(header: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i').exec(header);
  return match ? (match[1]?.replace(/\\(.)/g, '$1') ?? match[2]) : undefined;
}

/** The parts of a multipart body; undefined when it is not well formed. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at === -1) return undefined;
  for (;;) {
    at += delimiter.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts; // closing delimiter
    if (body[at] === 0x0d) at += 2;
    else if (body[at] === 0x0a) at += 1;
    const headEnd = body.indexOf('\r\n\r\n', at);
    if (headEnd === -1) return undefined;
    const headers = body.toString('utf8', at, headEnd).split(/\r\n/);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headEnd + 4);
    if (next === -1) return undefined;
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const type = headers.find((h) => /^content-type:/i.test(h));
    const name = headerParam(disposition, 'name');
    if (name !== undefined) {
      const fileName = headerParam(disposition, 'filename');
      parts.push({
        name,
        ...(fileName !== undefined ? { fileName } : {}),
        ...(type ? { contentType: type.slice(type.indexOf(':') + 1).trim() } : {}),
        data: body.subarray(headEnd + 4, next),
      });
    }
    at = next + 2;
  }
}
