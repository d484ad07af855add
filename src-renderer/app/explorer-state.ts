/**
 * What the explorer holds for the open image: every finished result, which one is selected, and
 * what each compare pane shows. A reducer, so that every change is one named step.
 *
 * Results are kept per series (equal method settings); a result is never dropped when settings
 * change. Only re-running the same colour count with the same settings replaces a result, with
 * an identical one (runs are reproducible from their seed).
 */
import type { ImageInfo, JobId, ResultInfo } from '../../src-main/api/contract';
import { describeMethod, seriesKeyOf, type MethodSettings } from './settings';

export type PaneSide = 'left' | 'right';
/** What a compare pane shows: the original, a result by its job id, or nothing yet (null). */
export type PaneSource = 'original' | JobId | null;

export interface StoredResult {
  result: ResultInfo;
  method: MethodSettings;
  seriesKey: string;
}

export interface Series {
  key: string;
  label: string;
  /** Its results, fewest colours first. */
  results: StoredResult[];
}

export interface ExplorerState {
  image: ImageInfo | null;
  /** In the order they finished. */
  results: readonly StoredResult[];
  /** The result the palette, scatter plots and exports are about; shown in the right pane. */
  selected: JobId | null;
  panes: Record<PaneSide, PaneSource>;
  /** The series the gallery shows when no result is selected. */
  viewedSeries: string | null;
}

export type ExplorerAction =
  | { type: 'image-opened'; image: ImageInfo }
  | { type: 'result-finished'; result: ResultInfo; method: MethodSettings; select: boolean }
  | { type: 'select'; jobId: JobId; side: PaneSide }
  | { type: 'show'; side: PaneSide; source: PaneSource }
  | { type: 'step'; delta: number }
  | { type: 'view-series'; seriesKey: string };

export const initialExplorerState: ExplorerState = {
  image: null,
  results: [],
  selected: null,
  panes: { left: 'original', right: null },
  viewedSeries: null,
};

export function explorerReducer(state: ExplorerState, action: ExplorerAction): ExplorerState {
  switch (action.type) {
    case 'image-opened':
      return { ...initialExplorerState, image: action.image };
    case 'result-finished':
      return addResult(state, action.result, action.method, action.select);
    case 'select':
      return select(state, action.jobId, action.side);
    case 'show':
      return action.source === 'original' || action.source === null
        ? { ...state, panes: { ...state.panes, [action.side]: action.source } }
        : select(state, action.source, action.side);
    case 'step':
      return step(state, action.delta);
    case 'view-series':
      return viewSeries(state, action.seriesKey);
  }
}

function addResult(
  state: ExplorerState,
  result: ResultInfo,
  method: MethodSettings,
  shouldSelect: boolean,
): ExplorerState {
  if (!state.image || result.imageId !== state.image.id) return state; // from an image since closed
  const seriesKey = seriesKeyOf(method);
  const replaced = state.results.find(
    (stored) => stored.seriesKey === seriesKey && stored.result.colours === result.colours,
  );
  const results = [
    ...state.results.filter((stored) => stored !== replaced),
    { result, method, seriesKey },
  ];
  // Whatever showed the replaced result now shows its replacement.
  const swap = (source: PaneSource) =>
    replaced && source === replaced.result.jobId ? result.jobId : source;
  const next: ExplorerState = {
    ...state,
    results,
    selected: state.selected === null ? null : swap(state.selected),
    panes: { left: swap(state.panes.left), right: swap(state.panes.right) },
    viewedSeries: state.viewedSeries ?? seriesKey,
  };
  return shouldSelect ? select(next, result.jobId, 'right') : next;
}

function select(state: ExplorerState, jobId: JobId, side: PaneSide): ExplorerState {
  const stored = findResult(state, jobId);
  if (!stored) return state;
  if (side === 'left') return { ...state, panes: { ...state.panes, left: jobId } };
  return {
    ...state,
    selected: jobId,
    panes: { ...state.panes, right: jobId },
    viewedSeries: stored.seriesKey,
  };
}

function step(state: ExplorerState, delta: number): ExplorerState {
  const series = viewedSeries(state);
  if (!series || series.results.length === 0) return state;
  const at = series.results.findIndex((stored) => stored.result.jobId === state.selected);
  const target =
    at < 0
      ? delta > 0
        ? 0
        : series.results.length - 1
      : Math.min(series.results.length - 1, Math.max(0, at + delta));
  return select(state, series.results[target]!.result.jobId, 'right');
}

/** Shows another series, selecting its result nearest (on a log scale) to the current count. */
function viewSeries(state: ExplorerState, seriesKey: string): ExplorerState {
  const series = seriesList(state).find((candidate) => candidate.key === seriesKey);
  if (!series || series.results.length === 0) return state;
  const current = selectedResult(state)?.result.colours ?? 16;
  const nearest = series.results.reduce((best, stored) =>
    Math.abs(Math.log(stored.result.colours / current)) <
    Math.abs(Math.log(best.result.colours / current))
      ? stored
      : best,
  );
  return select({ ...state, viewedSeries: seriesKey }, nearest.result.jobId, 'right');
}

export function findResult(state: ExplorerState, jobId: JobId | null): StoredResult | undefined {
  return jobId === null
    ? undefined
    : state.results.find((stored) => stored.result.jobId === jobId);
}

export function selectedResult(state: ExplorerState): StoredResult | undefined {
  return findResult(state, state.selected);
}

/** Every series, in the order its first result finished. */
export function seriesList(state: ExplorerState): Series[] {
  const byKey = new Map<string, Series>();
  for (const stored of state.results) {
    let series = byKey.get(stored.seriesKey);
    if (!series) {
      series = { key: stored.seriesKey, label: describeMethod(stored.method), results: [] };
      byKey.set(stored.seriesKey, series);
    }
    series.results.push(stored);
  }
  for (const series of byKey.values()) {
    series.results.sort((a, b) => a.result.colours - b.result.colours);
  }
  return [...byKey.values()];
}

/** The series the gallery shows: the selected result's, else the last one chosen or run. */
export function viewedSeries(state: ExplorerState): Series | undefined {
  const all = seriesList(state);
  const key = selectedResult(state)?.seriesKey ?? state.viewedSeries;
  return all.find((series) => series.key === key) ?? all[all.length - 1];
}

/** The result finished with these settings and this colour count, if there is one. */
export function existingResult(
  state: ExplorerState,
  method: MethodSettings,
  colours: number,
): StoredResult | undefined {
  const key = seriesKeyOf(method);
  return state.results.find(
    (stored) => stored.seriesKey === key && stored.result.colours === colours,
  );
}
