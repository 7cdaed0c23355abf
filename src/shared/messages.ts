/**
 * Typed messages between the capture host (the devtools page, the only code that touches
 * chrome.*) and the panel. Both pages live in the same DevTools renderer and share objects
 * directly, so these are plain calls — but typed as a discriminated union, never `any`.
 */

/** A HAR entry as DevTools hands it over: treated as untrusted JSON by the model layer. */
export type RawEntry = Record<string, unknown>;

export type Theme = 'light' | 'dark';

export interface CaptureStatus {
  /** Exchanges currently held. */
  held: number;
  /** Oldest exchanges dropped because the cap was reached, since the last clear. */
  dropped: number;
  cap: number;
  preserveLog: boolean;
  /** URL of the inspected page's last navigation, if seen. */
  pageUrl: string | null;
  /**
   * Failed requests recorded without a status, waiting to be read again from DevTools in case
   * their status arrived late (src/capture/settle.ts). 0 when everything held is final.
   */
  settling: number;
  /**
   * Failed requests recorded without a status that may still have one DevTools received late, left
   * unread because DevTools' log was too large to read without stalling it (src/capture/settle.ts).
   * The panel marks their rows and offers to read them on request ({ type: 'reread' }).
   */
  late: number;
}

export type HostMessage =
  /** Everything held so far; sent once when the panel subscribes. */
  | { type: 'snapshot'; entries: RawEntry[]; late: RawEntry[]; status: CaptureStatus; theme: Theme }
  /** New finished requests, in arrival order (which is not start order). */
  | { type: 'entries'; entries: RawEntry[]; status: CaptureStatus }
  /** Entries replaced by fuller copies of themselves (a status DevTools received late). */
  | { type: 'replaced'; entries: Array<{ old: RawEntry; entry: RawEntry }>; status: CaptureStatus }
  /** Entries whose status may be late and stays unread until asked (add), or that were read since (remove). */
  | { type: 'late'; add: RawEntry[]; remove: RawEntry[]; status: CaptureStatus }
  /** The buffer was emptied (by the user, or by a navigation without "preserve log"). */
  | { type: 'cleared'; reason: 'user' | 'navigation'; status: CaptureStatus }
  /** A setting changed (e.g. preserve log): the host stays the one place that holds it. */
  | { type: 'status'; status: CaptureStatus };

export type PanelCommand =
  | { type: 'clear' }
  | { type: 'set-preserve-log'; value: boolean }
  /** Read DevTools' log now for every status that may be late, whatever it costs (the user asked). */
  | { type: 'reread' };

/** What the devtools page hands to the panel window. */
export interface CaptureHost {
  /** Sends a snapshot at once, then updates; returns an unsubscribe function. */
  subscribe: (listener: (msg: HostMessage) => void) => () => void;
  send: (cmd: PanelCommand) => void;
}

/** Property name under which the devtools page leaves the host on the panel's window. */
export const HOST_KEY = '__corsXrayHost';
/** Set on the devtools page's window once its network listener is registered (tests wait on it). */
export const READY_KEY = '__corsXrayReady';
