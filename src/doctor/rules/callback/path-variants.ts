/**
 * Other spellings of a callback path that frameworks actually serve: the trailing slash toggled (Flask and
 * Django route "/webhook" and "/webhook/" apart), the case lowered, an "/api" prefix added or removed (Next.js API
 * routes, reverse proxies), and the paths bot libraries mount by default (/webhook, /webhooks, /webhook/whatsapp…).
 */
const COMMON_PATHS = [
  '/webhook',
  '/webhooks',
  '/api/webhook',
  '/api/webhooks',
  '/webhook/whatsapp',
  '/webhooks/whatsapp',
  '/whatsapp/webhook',
  '/api/whatsapp/webhook',
  '/',
];

export function pathVariants(path: string): string[] {
  const p = path.startsWith('/') ? path : `/${path}`;
  const bare = p.length > 1 ? p.replace(/\/+$/, '') : p;
  const toggled = (s: string) => (s === '/' ? s : s.endsWith('/') ? s.replace(/\/+$/, '') : `${s}/`);
  const out = [
    toggled(p),
    p.toLowerCase(),
    toggled(p.toLowerCase()),
    ...(bare.startsWith('/api/') ? [bare.slice(4)] : [`/api${bare === '/' ? '' : bare}`]),
    ...COMMON_PATHS,
  ];
  return [...new Set(out)].filter((v) => v !== p && v !== '');
}

/** "the trailing slash", "/api prefix", … — why the answering spelling differs, in a few words. */
export function describeDifference(configured: string, answering: string): string {
  if (configured.replace(/\/+$/, '') === answering.replace(/\/+$/, ''))
    return answering.endsWith('/') ? 'with a trailing slash' : 'without the trailing slash';
  if (configured.toLowerCase() === answering.toLowerCase()) return 'in lower case';
  if (answering === `/api${configured}` || answering === `/api${configured.replace(/\/+$/, '')}`)
    return 'with the /api prefix';
  if (configured === `/api${answering}`) return 'without the /api prefix';
  return 'on another path';
}
