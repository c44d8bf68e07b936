/** How to point each common WhatsApp client at local WhatsApp (the `up --local` banner, --help and README say the same). */
export interface ClientHint {
  client: string;
  how: string;
}

export function clientHints(graphUrl: string, version: string): ClientHint[] {
  return [
    { client: '@kapso/whatsapp-cloud-api', how: `new WhatsAppClient({ accessToken, baseUrl: "${graphUrl}" })` },
    {
      client: 'whatsapp-api-js',
      how: `ponyfill: { fetch: (u, i) => fetch(String(u).replace("https://graph.facebook.com", "${graphUrl}"), i) }`,
    },
    {
      client: 'pywa',
      how: `session=httpx.Client(transport=…) whose handle_request points graph.facebook.com at ${graphUrl}`,
    },
    {
      client: "Meta's Node SDK",
      how: 'WA_BASE_URL takes a host only and the SDK always uses HTTPS on port 443: it needs a TLS proxy on :443 with a trusted certificate',
    },
    {
      client: 'fetch / requests',
      how: `GRAPH_API_BASE_URL=${graphUrl}/${version}, then POST $GRAPH_API_BASE_URL/$PHONE_NUMBER_ID/messages`,
    },
  ];
}
