import type { KeyboardEvent, PointerEvent } from 'react';

interface SplitDividerProps {
  /** 0..1 across the pane. */
  position: number;
  onChange(position: number): void;
}

/** The split view's draggable divider: a window splitter, movable with the arrow keys too. */
export function SplitDivider({ position, onChange }: SplitDividerProps) {
  const moveTo = (event: PointerEvent<HTMLDivElement>) => {
    const pane = event.currentTarget.parentElement!.getBoundingClientRect();
    onChange((event.clientX - pane.left) / pane.width);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 0.1 : 0.02;
    const next =
      event.key === 'ArrowLeft'
        ? position - step
        : event.key === 'ArrowRight'
          ? position + step
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? 1
              : null;
    if (next === null) return;
    event.preventDefault(); // the arrows move the divider, not the selected result
    event.stopPropagation();
    onChange(next);
  };
  return (
    <div
      className="split-divider"
      role="separator"
      tabIndex={0}
      aria-orientation="vertical"
      aria-label="Split position"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(position * 100)}
      style={{ left: `${position * 100}%` }}
      // The divider is dragged on its own: the pane underneath must not pan or zoom.
      onMouseDown={(event) => event.stopPropagation()}
      onDoubleClick={(event) => event.stopPropagation()}
      onPointerDown={(event) => {
        event.stopPropagation();
        event.currentTarget.setPointerCapture(event.pointerId);
      }}
      onPointerMove={(event) => {
        if (event.currentTarget.hasPointerCapture(event.pointerId)) moveTo(event);
      }}
      onKeyDown={onKeyDown}
    >
      <span className="split-handle" aria-hidden="true" />
    </div>
  );
}
