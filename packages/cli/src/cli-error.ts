/**
 * A failure the user caused (bad file, bad flag, unknown unit…): printed as one line on stderr,
 * exit status 1 (CONTRACT.md). Anything else is a bug and keeps its stack.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
