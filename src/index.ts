/** The package's JavaScript API (`import { renderSample } from 'wa-hook'`); the CLI lives in cli.ts. */
export { renderSample, listSamples, signBody, verifySignature } from './samples/api-io.js';
export type { RenderSampleOptions, SampleInfo } from './samples/api-io.js';
export type { RenderedSample } from './samples/fixture.js';
export { toMetaBytes } from './samples/meta-bytes.js';
export * from './samples/payload-types.js';
