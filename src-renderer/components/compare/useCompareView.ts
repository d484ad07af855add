/**
 * The compare view's shared state: layout (side by side or split), the one View both panes
 * follow, the split position, and the zoom commands the toolbar and shortcuts call.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { oneOf, usePersistentState } from '../../app/persistence';
import type { Size } from '../../app/useElementSize';
import { FIT_VIEW, scaleOf, zoomStep, zoomTo, type View } from './viewport';

export type CompareLayout = 'side' | 'split';

export interface CompareControls {
  layout: CompareLayout;
  setLayout(layout: CompareLayout): void;
  toggleLayout(): void;
  view: View;
  /** The current scale, for the zoom readout. */
  scale: number;
  /** Updates the view from its latest value (several wheel events can arrive between renders). */
  changeView(update: (view: View) => View): void;
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  actualSize(): void;
  /** Panes report their size, which zoom steps and 'fit' depend on. */
  reportPaneSize(size: Size): void;
  split: number;
  setSplit(fraction: number): void;
}

export function useCompareView(image: { id: string; width: number; height: number } | null) {
  const [layout, setLayout] = usePersistentState(
    'compare-layout',
    oneOf(['side', 'split'] as const, 'side'),
  );
  const [view, setView] = useState<View>(FIT_VIEW);
  const [paneSize, setPaneSize] = useState<Size>({ width: 0, height: 0 });
  const [split, setSplitState] = useState(0.5);
  const imageSize = useMemo(
    () => ({ width: image?.width ?? 0, height: image?.height ?? 0 }),
    [image?.width, image?.height],
  );
  const latest = useRef({ paneSize, imageSize });
  latest.current = { paneSize, imageSize };

  // A new image starts fitted.
  const imageId = image?.id;
  useEffect(() => setView(FIT_VIEW), [imageId]);

  const changeView = useCallback((update: (view: View) => View) => setView(update), []);
  const step = useCallback((direction: 1 | -1) => {
    const { paneSize: pane, imageSize: size } = latest.current;
    setView((old) => zoomStep(old, pane, size, direction));
  }, []);
  const actualSize = useCallback(() => {
    const { paneSize: pane, imageSize: size } = latest.current;
    setView((old) => zoomTo(old, pane, size, 1));
  }, []);
  const reportPaneSize = useCallback(
    (size: Size) =>
      setPaneSize((old) => (old.width === size.width && old.height === size.height ? old : size)),
    [],
  );

  return useMemo<CompareControls>(
    () => ({
      layout,
      setLayout,
      toggleLayout: () => setLayout((old) => (old === 'side' ? 'split' : 'side')),
      view,
      scale: scaleOf(view, paneSize, imageSize),
      changeView,
      zoomIn: () => step(1),
      zoomOut: () => step(-1),
      fit: () => setView(FIT_VIEW),
      actualSize,
      reportPaneSize,
      split,
      setSplit: (fraction: number) => setSplitState(Math.min(1, Math.max(0, fraction))),
    }),
    [
      layout,
      setLayout,
      view,
      paneSize,
      imageSize,
      changeView,
      step,
      actualSize,
      reportPaneSize,
      split,
    ],
  );
}
