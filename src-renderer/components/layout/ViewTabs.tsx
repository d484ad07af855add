import type { KeyboardEvent } from 'react';

export type ExplorerView = 'compare' | 'charts' | 'pixels';

export const VIEWS: readonly { id: ExplorerView; label: string; shortcut: string }[] = [
  { id: 'compare', label: 'Compare', shortcut: 'Alt+1' },
  { id: 'charts', label: 'Charts', shortcut: 'Alt+2' },
  { id: 'pixels', label: 'Pixel space', shortcut: 'Alt+3' },
];

interface ViewTabsProps {
  view: ExplorerView;
  onView(view: ExplorerView): void;
}

/** The main area's views as tabs (arrow keys move between them). */
export function ViewTabs({ view, onView }: ViewTabsProps) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault(); // the arrows move between tabs here, not between results
    const at = VIEWS.findIndex((one) => one.id === view);
    const next = VIEWS[(at + (event.key === 'ArrowRight' ? 1 : VIEWS.length - 1)) % VIEWS.length]!;
    onView(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <div className="view-tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
      {VIEWS.map((one) => (
        <button
          key={one.id}
          id={`tab-${one.id}`}
          type="button"
          role="tab"
          aria-selected={view === one.id}
          aria-controls="view-panel"
          tabIndex={view === one.id ? 0 : -1}
          title={`${one.label} (${one.shortcut})`}
          onClick={() => onView(one.id)}
        >
          {one.label}
        </button>
      ))}
    </div>
  );
}
