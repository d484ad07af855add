/**
 * Opening an image, from wherever it comes (picker, drop, paste, the sample, recent files). Only
 * the latest request counts: opening B while A is still decoding shows B.
 */
import { useCallback, useRef, useState } from 'react';
import type { ImageInfo, PalettizeApi } from '../../src-main/api/contract';
import { messageOf } from '../api/api-error';

export interface OpenerCallbacks {
  onOpened(image: ImageInfo, file: File): void;
  onError(message: string): void;
  /** Called as soon as opening starts (to clear an old error, say). */
  onStart?(): void;
}

export interface ImageOpener {
  /** Name of the file being opened, or null. */
  opening: string | null;
  open(file: File): Promise<void>;
  /** Opens a file that still has to be fetched (the sample photo). */
  openLater(name: string, getFile: () => Promise<File>): Promise<void>;
}

export function useImageOpener(api: PalettizeApi, callbacks: OpenerCallbacks): ImageOpener {
  const [opening, setOpening] = useState<string | null>(null);
  const latest = useRef(0);
  const handlers = useRef(callbacks);
  handlers.current = callbacks;

  const openLater = useCallback(
    async (name: string, getFile: () => Promise<File>) => {
      const request = ++latest.current;
      handlers.current.onStart?.();
      setOpening(name);
      try {
        const file = await getFile();
        const image = await api.openImage(file);
        if (request === latest.current) handlers.current.onOpened(image, file);
      } catch (error) {
        if (request === latest.current) handlers.current.onError(messageOf(error));
      } finally {
        if (request === latest.current) setOpening(null);
      }
    },
    [api],
  );

  const open = useCallback((file: File) => openLater(file.name, async () => file), [openLater]);

  return { opening, open, openLater };
}
