/**
 * Recently opened files. A renderer cannot reopen a file by its path (a browser never learns
 * paths), so files opened in this session are kept as File objects and reopen with one click;
 * names from earlier sessions are remembered in localStorage, to be found again with Open.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { readStored, writeStored } from './persistence';

const STORAGE_KEY = 'recent';
const MAX_ENTRIES = 8;

export interface RecentFile {
  name: string;
  bytes: number;
  openedAt: number;
  /** Present for files opened in this session: they can be reopened directly. */
  file?: File;
}

const identity = (entry: { name: string; bytes: number }) => `${entry.name}\u0000${entry.bytes}`;

function rememberedFiles(): RecentFile[] {
  const stored = readStored(STORAGE_KEY);
  if (!Array.isArray(stored)) return [];
  return stored
    .filter(
      (entry): entry is RecentFile =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as RecentFile).name === 'string' &&
        typeof (entry as RecentFile).bytes === 'number' &&
        typeof (entry as RecentFile).openedAt === 'number',
    )
    .map(({ name, bytes, openedAt }) => ({ name, bytes, openedAt }))
    .slice(0, MAX_ENTRIES);
}

export interface RecentFiles {
  entries: RecentFile[];
  add(file: File): void;
  clear(): void;
}

export function useRecentFiles(): RecentFiles {
  const [entries, setEntries] = useState<RecentFile[]>(rememberedFiles);
  const latest = useRef(entries);
  latest.current = entries;

  const add = useCallback((file: File) => {
    const entry: RecentFile = { name: file.name, bytes: file.size, openedAt: Date.now(), file };
    const next = [
      entry,
      ...latest.current.filter((other) => identity(other) !== identity(entry)),
    ].slice(0, MAX_ENTRIES);
    writeStored(
      STORAGE_KEY,
      next.map(({ name, bytes, openedAt }) => ({ name, bytes, openedAt })),
    );
    setEntries(next);
  }, []);

  const clear = useCallback(() => {
    writeStored(STORAGE_KEY, []);
    setEntries([]);
  }, []);

  return useMemo(() => ({ entries, add, clear }), [entries, add, clear]);
}
