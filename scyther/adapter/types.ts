/**
 * A verdict on one claim, as read back from Scyther's output (or produced by the built-in verifier), one record per
 * `claim` line. Fields follow Scyther's tab-separated output: `claim <protocol> <role> <Type_label> <param> <status>
 * <detail>`; `claim` and `label` are split at the first underscore of Scyther's `Secret_i1` form.
 */
export type VerdictStatus = 'Ok' | 'Fail';

export interface VerdictRecord {
  /** The model file the verdict is about. */
  file: string;
  protocol: string;
  role: string;
  /** Claim type, e.g. `Secret`, `Niagree`. */
  claim: string;
  /** Claim label, e.g. `i1` (Scyther's own number when the model gave none). */
  label: string;
  /** Claim parameter as Scyther prints it, `-` when there is none. */
  param: string;
  status: VerdictStatus;
  /** Scyther's detail text, e.g. `[proof of correctness]`, `[at least 1 attack]`, `[no attack within bounds]`. */
  detail: string;
  /** Number of attacks found (a lower bound, as Scyther reports it); 0 when Ok. */
  attacks: number;
}

/** Bounds a verifier run used; carried into captions and reports. */
export interface VerifyOptions {
  /** Scyther's `--max-runs` (default 5, as Scyther's own). */
  maxRuns: number;
  /** Wall-clock limit in seconds for one model. */
  timeoutS: number;
}
