/**
 * The keyboard shortcuts: one table, read both by the key handler and by the Help panel, so that
 * the list people read is the list that works.
 */
import { useEffect, useRef } from 'react';

export type ShortcutId =
  | 'open'
  | 'run'
  | 'sweep'
  | 'cancel'
  | 'previous'
  | 'next'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-fit'
  | 'zoom-actual'
  | 'split'
  | 'export-png'
  | 'export-palette'
  | 'view-compare'
  | 'view-charts'
  | 'view-pixels'
  | 'help';

export interface Shortcut {
  id: ShortcutId;
  /** Keys as people read them, e.g. ['Ctrl/⌘', 'O']. */
  keys: string[];
  description: string;
  /** A key without modifier: ignored while typing in a field, where the key means itself. */
  plain: boolean;
  matches(event: KeyboardEvent): boolean;
}

const command = (event: KeyboardEvent) => event.ctrlKey || event.metaKey;
const bare = (event: KeyboardEvent) => !event.ctrlKey && !event.metaKey && !event.altKey;
const key = (event: KeyboardEvent, ...names: string[]) =>
  names.includes(event.key.length === 1 ? event.key.toLowerCase() : event.key);

export const SHORTCUTS: readonly Shortcut[] = [
  {
    id: 'open',
    keys: ['Ctrl/⌘', 'O'],
    description: 'Open an image',
    plain: false,
    matches: (e) => command(e) && !e.shiftKey && key(e, 'o'),
  },
  {
    id: 'run',
    keys: ['Ctrl/⌘', 'Enter'],
    description: 'Quantize with the chosen colour count (Enter in the Colours field too)',
    plain: false,
    matches: (e) => command(e) && !e.shiftKey && key(e, 'Enter'),
  },
  {
    id: 'sweep',
    keys: ['Ctrl/⌘', 'Shift', 'Enter'],
    description: 'Sweep 2–1024 colours',
    plain: false,
    matches: (e) => command(e) && e.shiftKey && key(e, 'Enter'),
  },
  {
    id: 'cancel',
    keys: ['Esc'],
    description: 'Cancel the run or sweep',
    plain: false,
    matches: (e) => key(e, 'Escape'),
  },
  {
    id: 'previous',
    keys: ['←'],
    description: 'Previous result (fewer colours)',
    plain: true,
    matches: (e) => bare(e) && key(e, 'ArrowLeft'),
  },
  {
    id: 'next',
    keys: ['→'],
    description: 'Next result (more colours)',
    plain: true,
    matches: (e) => bare(e) && key(e, 'ArrowRight'),
  },
  {
    id: 'zoom-in',
    keys: ['+'],
    description: 'Zoom in',
    plain: true,
    matches: (e) => bare(e) && key(e, '+', '='),
  },
  {
    id: 'zoom-out',
    keys: ['−'],
    description: 'Zoom out',
    plain: true,
    matches: (e) => bare(e) && key(e, '-', '_'),
  },
  {
    id: 'zoom-fit',
    keys: ['0'],
    description: 'Fit the image to the panes',
    plain: true,
    matches: (e) => bare(e) && key(e, '0'),
  },
  {
    id: 'zoom-actual',
    keys: ['1'],
    description: 'Zoom to 100 % (one image pixel per screen pixel)',
    plain: true,
    matches: (e) => bare(e) && key(e, '1'),
  },
  {
    id: 'split',
    keys: ['S'],
    description: 'Switch between side by side and split view',
    plain: true,
    matches: (e) => bare(e) && key(e, 's'),
  },
  {
    id: 'export-png',
    keys: ['Ctrl/⌘', 'S'],
    description: 'Export the selected result as PNG',
    plain: false,
    matches: (e) => command(e) && !e.shiftKey && key(e, 's'),
  },
  {
    id: 'export-palette',
    keys: ['Ctrl/⌘', 'Shift', 'S'],
    description: 'Export the selected palette in the chosen format',
    plain: false,
    matches: (e) => command(e) && e.shiftKey && key(e, 's'),
  },
  {
    id: 'view-compare',
    keys: ['Alt', '1'],
    description: 'Show the compare view',
    plain: false,
    matches: (e) => e.altKey && !command(e) && e.code === 'Digit1',
  },
  {
    id: 'view-charts',
    keys: ['Alt', '2'],
    description: 'Show the charts',
    plain: false,
    matches: (e) => e.altKey && !command(e) && e.code === 'Digit2',
  },
  {
    id: 'view-pixels',
    keys: ['Alt', '3'],
    description: 'Show the pixel-space scatter plots',
    plain: false,
    matches: (e) => e.altKey && !command(e) && e.code === 'Digit3',
  },
  {
    id: 'help',
    keys: ['?'],
    description: 'Show this help (F1 too)',
    plain: true,
    matches: (e) => key(e, 'F1') || (!command(e) && key(e, '?')),
  },
];

/** Gestures and keys that belong to one control, listed in Help beside the shortcuts. */
export const OTHER_GESTURES: readonly { keys: string[]; description: string }[] = [
  { keys: ['Ctrl/⌘', 'V'], description: 'Open the image on the clipboard' },
  { keys: ['Drop'], description: 'Drop an image file anywhere on the window to open it' },
  { keys: ['Wheel'], description: 'Zoom both panes around the pointer' },
  { keys: ['Drag'], description: 'Pan both panes; arrow keys pan a focused pane' },
  { keys: ['Double-click'], description: 'Switch a pane between fit and 100 %' },
  { keys: ['Shift', 'Click'], description: 'Show a gallery result in the left pane' },
  { keys: ['Click'], description: 'On a chart point: select that result; on a swatch: copy its hex' },
  { keys: ['←', '→'], description: 'In the split view’s divider: move it' },
];

/** Fields where a plain key is text (or moves the field's own value). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file'].includes(target.type);
  }
  return false;
}

/** Runs the handler of a pressed shortcut. Controls that use a key themselves preventDefault it. */
export function useShortcuts(handlers: Partial<Record<ShortcutId, () => void>>): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (document.querySelector('dialog[open]')) return; // a dialog has the keyboard
      const typing = isTyping(event.target);
      for (const shortcut of SHORTCUTS) {
        if (shortcut.plain && typing) continue;
        if (!shortcut.matches(event)) continue;
        const run = latest.current[shortcut.id];
        if (!run) return;
        event.preventDefault();
        run();
        return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
