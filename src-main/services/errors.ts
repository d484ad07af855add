/**
 * Errors a person can act on. Every failure that reaches the UI or the CLI is one of these, with
 * a message that names the file and the reason; anything else is a bug and is reported as such.
 */
export type ErrorCode =
  | 'not-found'
  | 'empty-file'
  | 'unsupported-format'
  | 'corrupt-image'
  | 'too-large'
  | 'bad-request'
  | 'cancelled'
  | 'worker-crashed'
  | 'write-failed'
  | 'internal';

export class UserFacingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** A plain, serialisable description of an error, safe to send to a renderer. */
export interface ErrorReport {
  code: ErrorCode;
  message: string;
}

export function toErrorReport(error: unknown): ErrorReport {
  if (error instanceof UserFacingError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Unexpected error: ${firstLine(message)}` };
}

export function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
