// What every flow offers the router: read a message as the answer to its own
// question, show its screen again (plainer on each repair), and name what is
// in progress so the person can come back to it.

import type { Screen } from '../types.ts';

/** A flow's part in the repair rules (see dialogue.ts). */
export interface FlowHandler<S extends Screen = Screen> {
  /** Reads the message as an answer to the question on `screen`; true when it was taken as one. */
  answer(screen: S): boolean;
  /**
   * Shows `screen` again: level 0 as it was ("ulang", "0", "lanjut"), 1 plainer
   * with its numbered options, 2 the options plus a person. Never the same
   * sentence at two levels.
   */
  redraw(screen: S, level: number): void;
  /** A few words naming what is in progress on `screen`, for "ketik lanjut untuk meneruskan …"; null when nothing. */
  progress(screen: S): string | null;
}

/** The screens of one flow. */
export type ScreenOf<F extends Screen['flow']> = Extract<Screen, { flow: F }>;

/** Ends a switch that must handle every case: the compiler names the place a new case forgot. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
