/**
 * The Graph API's own errors (not the send rules'): missing or wrong token, unknown objects and paths,
 * fields a node does not have. Texts as Meta sends them.
 */
import { metaError } from '../rules/meta-errors.js';
import type { MetaError } from '../rules/types.js';

const GRAPH_DOCS = 'Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api';

export function missingToken(): MetaError {
  return metaError(104, 'Send the access token as `Authorization: Bearer <token>`.', {
    title: 'An access token is required to request this resource.',
    message: 'An access token is required to request this resource.',
    httpStatus: 400,
    type: 'OAuthException',
  });
}

export function invalidToken(): MetaError {
  return metaError(190, 'The Bearer token is not the access token local WhatsApp was started with.', {
    title: 'Invalid OAuth access token - Cannot parse access token',
    message: 'Invalid OAuth access token - Cannot parse access token',
    httpStatus: 401,
    type: 'OAuthException',
  });
}

/** 100/33: the object does not exist (or the token cannot see it). */
export function unknownObject(method: string, id: string): MetaError {
  const message =
    `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot ` +
    `be loaded due to missing permissions, or does not support this operation. ${GRAPH_DOCS}`;
  return metaError(100, `No object with id ${id} on local WhatsApp.`, {
    subcode: 33,
    title: message,
    message,
    httpStatus: 400,
    type: 'GraphMethodException',
  });
}

/** An edge the object does not have, e.g. POST /{phone-number-id}/foo. */
export function unknownPath(rest: string): MetaError {
  const message = `Unknown path components: /${rest}`;
  return metaError(2500, `No such edge on local WhatsApp: /${rest}.`, {
    title: message,
    message,
    httpStatus: 400,
    type: 'OAuthException',
  });
}

export function nonexistingField(field: string, nodeType: string): MetaError {
  const message = `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`;
  return metaError(100, `${nodeType} has no field ${field}.`, {
    title: message,
    message,
    httpStatus: 400,
    type: 'OAuthException',
  });
}

export function invalidParameter(details: string): MetaError {
  return metaError(100, details, { title: 'Invalid parameter', httpStatus: 400, type: 'OAuthException' });
}

/** The `WWW-Authenticate` header Meta adds to an error answer. */
export function wwwAuthenticate(error: MetaError): string {
  const message = error.message ?? `(#${error.code}) ${error.title}`;
  return `OAuth "Facebook Platform" "invalid_request" "${message.replace(/["\\]/g, '')}"`;
}
