/** Files that arrive without the Open button: dropped anywhere on the window, or pasted. */
import { useEffect, useRef, useState, type DragEvent } from 'react';

export interface DropTarget {
  dragging: boolean;
  handlers: {
    onDragEnter(event: DragEvent): void;
    onDragOver(event: DragEvent): void;
    onDragLeave(event: DragEvent): void;
    onDrop(event: DragEvent): void;
  };
}

const carriesFiles = (event: DragEvent) =>
  Array.from(event.dataTransfer?.types ?? []).includes('Files');

/** Drag and drop on the element the handlers are spread on (the whole window). */
export function useFileDrop(onFile: (file: File) => void): DropTarget {
  const [dragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them to know when we really left.
  const depth = useRef(0);
  return {
    dragging,
    handlers: {
      onDragEnter: (event) => {
        if (!carriesFiles(event)) return;
        depth.current++;
        setDragging(true);
      },
      onDragOver: (event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault(); // allows the drop
        event.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      },
      onDragLeave: () => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      },
      onDrop: (event) => {
        event.preventDefault();
        depth.current = 0;
        setDragging(false);
        const file = event.dataTransfer.files[0];
        if (file) onFile(file);
      },
    },
  };
}

/** The image on a paste, if it carries one (a copied file, or a screenshot's bitmap). */
function pastedImage(data: DataTransfer | null): File | null {
  if (!data) return null;
  const file =
    Array.from(data.files).find((candidate) => candidate.type.startsWith('image/')) ??
    Array.from(data.items)
      .find((item) => item.kind === 'file' && item.type.startsWith('image/'))
      ?.getAsFile();
  if (!file) return null;
  // Bitmaps from the clipboard are all called "image.png": give them a name that says where
  // they came from (it names the exports too).
  if (file.name && file.name !== 'image.png') return file;
  return new File([file], 'pasted-image.png', { type: file.type || 'image/png' });
}

/** Ctrl/Cmd+V anywhere opens a pasted image; pasting text into a field works as usual. */
export function usePastedImages(onFile: (file: File) => void): void {
  const handler = useRef(onFile);
  handler.current = onFile;
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const file = pastedImage(event.clipboardData);
      if (!file) return;
      event.preventDefault();
      handler.current(file);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, []);
}
