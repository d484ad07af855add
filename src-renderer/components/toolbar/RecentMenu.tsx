import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatShortBytes } from '../../app/format';
import type { RecentFile } from '../../app/useRecentFiles';

interface RecentMenuProps {
  entries: RecentFile[];
  onOpen(file: File): void;
  onClear(): void;
}

/** A menu button listing recent files: this session's reopen, earlier ones are named only. */
export function RecentMenu({ entries, onOpen, onClear }: RecentMenuProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  const items = () =>
    Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const onOutside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onOutside);
    return () => document.removeEventListener('pointerdown', onOutside);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape' || event.key === 'Tab') {
      if (event.key === 'Escape') event.preventDefault(); // closes the menu, cancels nothing else
      close(event.key === 'Escape');
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      all[(at + step + all.length) % all.length]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      (event.key === 'Home' ? all[0] : all[all.length - 1])?.focus();
    }
  };

  return (
    <div className="menu-anchor">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? 'recent-menu' : undefined}
        onClick={() => setOpen((old) => !old)}
        title="Recently opened files"
      >
        Recent ▾
      </button>
      {open && (
        <div
          ref={menu}
          id="recent-menu"
          className="menu"
          role="menu"
          aria-label="Recent files"
          onKeyDown={onKeyDown}
        >
          {entries.length === 0 && (
            <div role="menuitem" aria-disabled="true" tabIndex={-1} className="menu-item muted">
              No recent files yet
            </div>
          )}
          {entries.map((entry) => (
            <button
              key={`${entry.name}-${entry.bytes}`}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="menu-item"
              aria-disabled={!entry.file}
              title={
                entry.file
                  ? `Open ${entry.name} again`
                  : 'From an earlier session: open it again with Open image…'
              }
              onClick={() => {
                if (!entry.file) return;
                close(true);
                onOpen(entry.file);
              }}
            >
              <span className="menu-item-name">{entry.name}</span>
              <span className="menu-item-detail">
                {formatShortBytes(entry.bytes)}
                {entry.file ? '' : ' · earlier session'}
              </span>
            </button>
          ))}
          {entries.length > 0 && (
            <>
              <div className="menu-separator" role="separator" />
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                className="menu-item"
                onClick={() => {
                  close(true);
                  onClear();
                }}
              >
                Clear recent files
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}
