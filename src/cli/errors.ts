/** Exit codes of every command, and the one error type that carries a message for the user. */
export const EXIT = {
  /** No CORS failure found. */
  OK: 0,
  /** At least one CORS failure found. */
  CORS_FAILURE: 1,
  /** Bad usage or unreadable input. */
  USAGE: 2,
  /**
   * `probe` only: the answer could not be learned (refused, DNS, TLS, timeout, too many
   * redirects). Not a CORS verdict either way.
   */
  NETWORK_FAILURE: 3,
} as const;

/**
 * A problem the user can fix: printed as one line ("cors-xray: <message>"), never with a stack
 * trace. The message says what was wrong and what to do.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
