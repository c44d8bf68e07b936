/** A tunnel problem the user can act on. `id` is stable (tests, --json). */
export interface TunnelFailure {
  id: string;
  message: string;
  hint: string;
}
