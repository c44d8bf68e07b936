/**
 * The byte type in the package's public signatures: Node's `Buffer` for a project with Node's typings, plain
 * `Uint8Array` for one without (a bot on Deno, Bun or the edge, or `types: []`), so importing the package's
 * types never fails with "Cannot find name 'Buffer'". At run time it is always a Buffer.
 */
export type Bytes = typeof globalThis extends { Buffer: { alloc(size: number): infer B } } ? B : Uint8Array;
