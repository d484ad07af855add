import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { JobId } from '../../../src-main/api/contract';
import type { PaneSide, Series } from '../../app/explorer-state';
import type { JobRunner } from '../../app/job-runner';
import { useRunSnapshot } from '../../app/useJobRunner';
import { GalleryTile } from './GalleryTile';
import { PendingTiles } from './PendingTiles';

interface GalleryProps {
  series: Series[];
  viewed: Series | undefined;
  selected: JobId | null;
  leftPane: JobId | null;
  runner: JobRunner;
  onSelect(jobId: JobId, side: PaneSide): void;
  onViewSeries(key: string): void;
}

/**
 * Every result of the viewed series, fewest colours first, as a strip of thumbnails. A listbox:
 * arrow keys step through the colour counts, click shows a result in the right pane, Shift+click
 * in the left. Jobs still to finish show after the results.
 */
export function Gallery(props: GalleryProps) {
  const { series, viewed, selected, leftPane, runner, onSelect, onViewSeries } = props;
  const run = useRunSnapshot(runner);
  const results = viewed?.results ?? [];
  const tiles = useRef(new Map<JobId, HTMLLIElement>());
  const list = useRef<HTMLUListElement>(null);
  const selectedIndex = results.findIndex(({ result }) => result.jobId === selected);
  const focusIndex = selectedIndex >= 0 ? selectedIndex : 0;

  // Keep the selected tile in view, and focused if the strip has the focus.
  useEffect(() => {
    if (!selected) return;
    const tile = tiles.current.get(selected);
    tile?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    if (tile && list.current?.contains(document.activeElement)) tile.focus();
  }, [selected]);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const last = results.length - 1;
    const target =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? Math.min(last, focusIndex + 1)
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? Math.max(0, focusIndex - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : event.key === 'Enter' || event.key === ' '
                ? focusIndex
                : null;
    if (target === null || last < 0) return;
    event.preventDefault();
    const side = event.shiftKey && (event.key === 'Enter' || event.key === ' ') ? 'left' : 'right';
    onSelect(results[target]!.result.jobId, side);
  };

  const pending = run && viewed && run.seriesKey !== viewed.key ? null : run;
  return (
    <section className="gallery" aria-label="Sweep gallery">
      <header className="gallery-header">
        <h2 className="section-title">Results</h2>
        {series.length > 1 && viewed && (
          <label className="inline-field">
            Series
            <select value={viewed.key} onChange={(event) => onViewSeries(event.target.value)}>
              {series.map((one) => (
                <option key={one.key} value={one.key}>
                  {one.label} ({one.results.length})
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="muted gallery-hint">
          {results.length > 0
            ? '← → step through colour counts · Shift+click: left pane'
            : 'Run Quantize or Sweep 2–1024: results appear here as each one finishes.'}
        </span>
      </header>
      <div className="gallery-strip">
        {results.length > 0 && (
          <ul
            ref={list}
            className="tiles"
            role="listbox"
            aria-label="Results by colour count"
            aria-orientation="horizontal"
            onKeyDown={onKeyDown}
          >
            {results.map(({ result }, index) => (
              <GalleryTile
                key={result.jobId}
                ref={(element) => {
                  if (element) tiles.current.set(result.jobId, element);
                  else tiles.current.delete(result.jobId);
                }}
                result={result}
                selected={result.jobId === selected}
                inLeftPane={result.jobId === leftPane}
                focusable={index === focusIndex}
                onPick={(event) => onSelect(result.jobId, event.shiftKey ? 'left' : 'right')}
              />
            ))}
          </ul>
        )}
        {pending && <PendingTiles run={pending} />}
      </div>
    </section>
  );
}
