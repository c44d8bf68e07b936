/** Doctor reads Meta's error codes from the one catalog (graph/error-catalog.ts); these names stay for its rules. */
export {
  ERROR_CODES_URL,
  META_ERROR_CODES,
  errorCodeHelp,
  type MetaErrorCode as ErrorCodeHelp,
} from '../../graph/error-catalog.js';
