/**
 * Graph API paths as Meta routes them: `/v24.0/{id}/{edge}` or the same without a version (the version is
 * optional in every WhatsApp reference table, and whatsapp-api-js calls some edges unversioned). Versions
 * that Meta no longer serves are still answered: Graph upgrades calls to a retired version to the oldest live one.
 */
export interface GraphPath {
  /** 24 for /v24.0/…; undefined when unversioned. */
  apiVersion?: number;
  /** The object id (or `debug_token`), then the edge, e.g. ['106540352242922', 'messages']. */
  segments: string[];
}

const VERSION = /^v(\d{1,2})\.(\d)$/;

/** Splits a request path (no query); undefined for a path with an empty segment or a bad escape. */
export function parseGraphPath(pathname: string): GraphPath | undefined {
  const raw = pathname.replace(/^\/+|\/+$/g, '');
  if (raw === '') return { segments: [] };
  let parts: string[];
  try {
    parts = raw.split('/').map((p) => decodeURIComponent(p));
  } catch {
    return undefined;
  }
  if (parts.some((p) => p === '')) return undefined;
  const version = VERSION.exec(parts[0] ?? '');
  if (!version) return { segments: parts };
  return { apiVersion: Number(`${version[1]}.${version[2]}`), segments: parts.slice(1) };
}
