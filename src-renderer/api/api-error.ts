import type { ApiErrorReport } from '../../src-main/api/contract';

/** An error from the back end: its message is for people, its code for code. */
export class ApiError extends Error {
  readonly code: string;
  constructor(report: ApiErrorReport) {
    super(report.message);
    this.name = 'ApiError';
    this.code = report.code;
  }
}

export function isCancelled(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'cancelled';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
