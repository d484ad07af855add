/**
 * Checks a job event before the preload hands it to the renderer. Events come from the worker over
 * the renderer port: the worker decodes untrusted images, so what it posts is treated as untrusted
 * too (a compromised worker must not reach the renderer with anything but a well-formed JobEvent).
 * The answer is a fresh object with the known fields only, or the reason it was refused.
 *
 * No Node or Electron import: this runs in the sandboxed preload (bundled) and in Node's tests.
 */
import type { ApiErrorReport, JobEvent, ResultInfo } from '../api/contract';

export interface JobEventRules {
  /** The only view URL a result of this job may have. */
  resultViewUrl(jobId: string): string;
}

export type CheckedJobEvent = { ok: true; event: JobEvent } | { ok: false; reason: string };

const ID = /^[a-z0-9-]{1,64}$/i;
const STAGE = /^[a-z][a-z0-9-]{0,31}$/;
const ERROR_CODE = /^[a-z][a-z0-9-]{0,63}$/;
const HEX_COLOUR = /^#[0-9a-f]{6}(?:[0-9a-f]{2})?$/;
const MAX_COLOURS = 1024;
const MAX_NAME = 1024;
const MAX_MESSAGE = 2000;

class Refused extends Error {}

function refuse(reason: string): never {
  throw new Refused(reason);
}

type Fields = Record<string, unknown>;

function record(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    refuse(`${what} is not an object`);
  }
  return value as Fields;
}

function id(value: unknown, what: string): string {
  if (typeof value !== 'string' || !ID.test(value)) refuse(`bad ${what}`);
  return value;
}

function wholeNumber(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    refuse(`bad ${what}`);
  }
  return value;
}

function measure(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) refuse(`bad ${what}`);
  return value;
}

function result(value: unknown, jobId: string, rules: JobEventRules): ResultInfo {
  const fields = record(value, 'result');
  if (fields.jobId !== jobId) refuse('result of another job');
  const { palette, counts } = fields;
  if (
    !Array.isArray(palette) ||
    palette.length < 1 ||
    palette.length > MAX_COLOURS ||
    !palette.every((entry) => typeof entry === 'string' && HEX_COLOUR.test(entry))
  ) {
    refuse('bad palette');
  }
  if (!Array.isArray(counts) || counts.length !== palette.length) refuse('bad counts');
  const viewUrl = rules.resultViewUrl(jobId);
  if (fields.viewUrl !== viewUrl) refuse('bad view URL');
  const name = fields.suggestedName;
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.length > MAX_NAME ||
    name.includes('\0')
  ) {
    refuse('bad suggested name');
  }
  const psnr = fields.psnr;
  if (psnr !== null && (typeof psnr !== 'number' || !Number.isFinite(psnr))) refuse('bad psnr');
  if (typeof fields.converged !== 'boolean') refuse('bad converged');
  return {
    jobId,
    imageId: id(fields.imageId, 'image id'),
    viewUrl,
    suggestedName: name,
    colours: wholeNumber(fields.colours, 'colours', 2, MAX_COLOURS),
    paletteSize: wholeNumber(fields.paletteSize, 'palette size', palette.length, palette.length),
    palette: [...(palette as string[])],
    counts: counts.map((count) => wholeNumber(count, 'count', 0, Number.MAX_SAFE_INTEGER)),
    pngBytes: wholeNumber(fields.pngBytes, 'PNG size', 0, Number.MAX_SAFE_INTEGER),
    iterations: wholeNumber(fields.iterations, 'iterations', 0, Number.MAX_SAFE_INTEGER),
    converged: fields.converged,
    inertia: measure(fields.inertia, 'inertia'),
    mse: measure(fields.mse, 'MSE'),
    psnr,
    milliseconds: measure(fields.milliseconds, 'time'),
  };
}

function errorReport(value: unknown): ApiErrorReport {
  const fields = record(value, 'error');
  if (typeof fields.code !== 'string' || !ERROR_CODE.test(fields.code)) refuse('bad error code');
  if (typeof fields.message !== 'string') refuse('bad error message');
  const message =
    fields.message.length > MAX_MESSAGE
      ? `${fields.message.slice(0, MAX_MESSAGE - 1)}…`
      : fields.message;
  return { code: fields.code, message };
}

export function checkJobEvent(raw: unknown, rules: JobEventRules): CheckedJobEvent {
  try {
    const fields = record(raw, 'event');
    const jobId = id(fields.jobId, 'job id');
    switch (fields.type) {
      case 'progress': {
        if (typeof fields.stage !== 'string' || !STAGE.test(fields.stage)) refuse('bad stage');
        const fraction = fields.fraction;
        if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) {
          refuse('bad fraction');
        }
        return { ok: true, event: { type: 'progress', jobId, stage: fields.stage, fraction } };
      }
      case 'done':
        return {
          ok: true,
          event: { type: 'done', jobId, result: result(fields.result, jobId, rules) },
        };
      case 'failed':
        return { ok: true, event: { type: 'failed', jobId, error: errorReport(fields.error) } };
      default:
        return refuse('unknown event type');
    }
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    return { ok: false, reason: 'unreadable event' };
  }
}
