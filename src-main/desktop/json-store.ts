/** Small JSON files the desktop app keeps in its user-data folder (window place, preferences). */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../services/atomic-file';

/** The file's value, or null on first launch or when the file is damaged (start fresh). */
export async function loadJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

export async function saveJson(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, new TextEncoder().encode(JSON.stringify(value)), { overwrite: true });
}
