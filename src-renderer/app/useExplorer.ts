/**
 * The explorer's behaviour, without its layout: the open image and its results, the settings,
 * opening files, running one k or a sweep, and selecting results.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { JobId, PalettizeApi } from '../../src-main/api/contract';
import { colourCountProblem } from '../../src-core/quantize/options';
import { SWEEP_COLOURS } from './colour-count';
import {
  existingResult,
  explorerReducer,
  initialExplorerState,
  selectedResult,
  seriesList,
  viewedSeries,
  type PaneSide,
  type PaneSource,
} from './explorer-state';
import type { RunKind, RunOutcome } from './job-runner';
import { usePersistentState } from './persistence';
import { fetchSamplePhoto, SAMPLE_PHOTO } from './sample-photo';
import {
  describeMethod,
  methodOf,
  sanitizeSettings,
  seriesKeyOf,
  type ExplorerSettings,
} from './settings';
import { useImageOpener } from './useImageOpener';
import { useJobRunner, useRunBusy } from './useJobRunner';
import type { Messages } from './useMessages';
import { useRecentFiles } from './useRecentFiles';

function outcomeNotice(outcome: RunOutcome): string | null {
  const what = outcome.kind === 'sweep' ? 'Sweep' : 'Run';
  if (outcome.cancelled > 0) {
    return `${what} cancelled: ${outcome.finished} of ${outcome.total} finished, kept in the gallery.`;
  }
  if (outcome.kind === 'sweep' && outcome.failed === 0) {
    return `Sweep finished: ${outcome.finished} results.`;
  }
  return null;
}

export function useExplorer(api: PalettizeApi, messages: Messages) {
  const [state, dispatch] = useReducer(explorerReducer, initialExplorerState);
  const [settings, setSettings] = usePersistentState('settings', sanitizeSettings);
  const [coloursText, setColoursText] = useState(() => String(settings.colours));
  const recent = useRecentFiles();
  const { showError, showNotice, clearError } = messages;

  // During a sweep, results are selected for the user until the user selects one.
  const userChoseDuringRun = useRef(false);
  const latest = useRef({ state, settings });
  latest.current = { state, settings };

  const runner = useJobRunner(api, {
    onResult: (result, method, kind) => {
      const { state: now, settings: chosen } = latest.current;
      const select =
        kind === 'single' ||
        (!userChoseDuringRun.current &&
          (now.selected === null ||
            result.colours === chosen.colours ||
            selectedResult(now)?.seriesKey !== seriesKeyOf(method)));
      dispatch({ type: 'result-finished', result, method, select });
    },
    onError: showError,
    onRunEnd: (outcome) => {
      const notice = outcomeNotice(outcome);
      if (notice) showNotice(notice);
    },
  });
  const busy = useRunBusy(runner);

  const opener = useImageOpener(api, {
    onStart: clearError,
    onOpened: (image, file) => {
      runner.cancel(); // results of the previous image are of no use any more
      dispatch({ type: 'image-opened', image });
      recent.add(file);
    },
    onError: showError,
  });

  // Images the host opened itself (the desktop app's File menu, a double-clicked file, a second
  // launch): shown like any other; the operating system keeps their recent list.
  const cancelRuns = runner.cancel;
  useEffect(
    () =>
      api.onHostOpen((outcome) => {
        if (!outcome.ok) {
          showError(outcome.error.message);
          return;
        }
        cancelRuns();
        dispatch({ type: 'image-opened', image: outcome.value });
      }),
    [api, cancelRuns, showError],
  );

  const coloursProblem = colourCountProblem(Number(coloursText));
  const changeColoursText = useCallback(
    (text: string) => {
      setColoursText(text);
      const colours = Number(text);
      if (colourCountProblem(colours) === null) setSettings((old) => ({ ...old, colours }));
    },
    [setSettings],
  );
  const changeSettings = useCallback(
    (change: Partial<ExplorerSettings>) => setSettings((old) => ({ ...old, ...change })),
    [setSettings],
  );

  const start = (kind: RunKind) => {
    const image = state.image;
    if (!image || busy || opener.opening) return;
    const method = methodOf(settings);
    let colours: number[];
    if (kind === 'single') {
      if (coloursProblem) return;
      const k = Number(coloursText);
      const done = existingResult(state, method, k);
      if (done) {
        // Runs are reproducible: running it again would give the very same result.
        dispatch({ type: 'select', jobId: done.result.jobId, side: 'right' });
        showNotice(`${k} colours with these settings is already done: it is selected.`);
        return;
      }
      colours = [k];
    } else {
      colours = SWEEP_COLOURS.filter((k) => !existingResult(state, method, k));
      if (colours.length === 0) {
        showNotice('Every colour count of the sweep is already done with these settings.');
        return;
      }
    }
    clearError();
    userChoseDuringRun.current = false;
    runner.start(image.id, method, colours, kind);
  };

  const select = useCallback((jobId: JobId, side: PaneSide) => {
    userChoseDuringRun.current = true;
    dispatch({ type: 'select', jobId, side });
  }, []);
  const show = useCallback((side: PaneSide, source: PaneSource) => {
    userChoseDuringRun.current = true;
    dispatch({ type: 'show', side, source });
  }, []);
  const step = useCallback((delta: number) => {
    userChoseDuringRun.current = true;
    dispatch({ type: 'step', delta });
  }, []);
  const viewSeries = useCallback((seriesKey: string) => {
    userChoseDuringRun.current = true;
    dispatch({ type: 'view-series', seriesKey });
  }, []);

  const series = useMemo(() => seriesList(state), [state]);
  const viewed = useMemo(() => viewedSeries(state), [state]);
  const currentKey = seriesKeyOf(methodOf(settings));
  const shownSeriesLabel =
    viewed && viewed.key !== currentKey ? describeMethod(viewed.results[0]!.method) : null;

  return {
    state,
    settings,
    changeSettings,
    coloursText,
    coloursProblem,
    changeColoursText,
    recent,
    opener,
    openSample: () => void opener.openLater(SAMPLE_PHOTO.name, fetchSamplePhoto),
    runner,
    busy,
    canRun: state.image !== null && !busy && !opener.opening && coloursProblem === null,
    canSweep: state.image !== null && !busy && !opener.opening,
    run: () => start('single'),
    sweep: () => start('sweep'),
    cancel: () => runner.cancel(),
    series,
    viewed,
    selected: selectedResult(state),
    shownSeriesLabel,
    select,
    show,
    step,
    viewSeries,
  };
}

export type Explorer = ReturnType<typeof useExplorer>;
