/**
 * The explorer window: toolbar, the main view (compare, charts or pixel space), the settings
 * sidebar and the gallery. Behaviour lives in useExplorer and the components; this file lays
 * them out and wires the keyboard.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppCommand, PaletteExportFormat, PalettizeApi } from '../../src-main/api/contract';
import { ChartsView } from '../components/charts/ChartsView';
import { CompareToolbar } from '../components/compare/CompareToolbar';
import { CompareView } from '../components/compare/CompareView';
import type { PaneContent } from '../components/compare/pane-content';
import { useCompareView } from '../components/compare/useCompareView';
import { QuantizePanel } from '../components/controls/QuantizePanel';
import { AboutDialog } from '../components/dialogs/AboutDialog';
import { HelpDialog } from '../components/dialogs/HelpDialog';
import { Gallery } from '../components/gallery/Gallery';
import { VIEWS, ViewTabs, type ExplorerView } from '../components/layout/ViewTabs';
import { MessageStack } from '../components/messages/MessageStack';
import { ExportPanel, PALETTE_FORMAT_CHOICES } from '../components/palette/ExportPanel';
import { PalettePanel } from '../components/palette/PalettePanel';
import { PixelSpaceView } from '../components/scatter/PixelSpaceView';
import { Toolbar } from '../components/toolbar/Toolbar';
import { Welcome } from '../components/welcome/Welcome';
import { messageOf } from '../api/api-error';
import { copyText } from './clipboard';
import { findResult, type ExplorerState, type PaneSide } from './explorer-state';
import { oneOf, usePersistentState } from './persistence';
import { useShortcuts } from './shortcuts';
import { useExplorer } from './useExplorer';
import { useExports } from './useExports';
import { useFileDrop, usePastedImages } from './useFileIntake';
import { useLosslessSize } from './useLosslessSize';
import { useMessages } from './useMessages';

const ACCEPTED_TYPES = 'image/*,.jpg,.jpeg,.png,.webp,.avif,.gif,.tif,.tiff,.heic,.heif,.svg';

function paneContent(state: ExplorerState, side: PaneSide): PaneContent {
  const source = state.panes[side];
  if (source === 'original') return { kind: 'original', source };
  const stored = findResult(state, source);
  return stored ? { kind: 'result', source, stored } : { kind: 'none', source: null };
}

export function App({ api }: { api: PalettizeApi }) {
  const messages = useMessages();
  const explorer = useExplorer(api, messages);
  const { state, selected, viewed } = explorer;
  const image = state.image;

  const [view, setView] = usePersistentState<ExplorerView>(
    'view',
    oneOf(
      VIEWS.map((one) => one.id),
      'compare',
    ),
  );
  const [swatchOrder, setSwatchOrder] = usePersistentState(
    'palette-order',
    oneOf(['share', 'hue'] as const, 'share'),
  );
  const [paletteFormat, setPaletteFormat] = usePersistentState<PaletteExportFormat>(
    'palette-format',
    oneOf(
      PALETTE_FORMAT_CHOICES.map(([format]) => format),
      'gpl',
    ),
  );
  const [dialog, setDialog] = useState<'help' | 'about' | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const compare = useCompareView(image);
  const exports = useExports(api, messages);
  const losslessBytes = useLosslessSize(api, image?.id ?? null, view === 'charts');
  const drop = useFileDrop(explorer.opener.open);
  usePastedImages(explorer.opener.open);

  const panes = useMemo(
    () => ({ left: paneContent(state, 'left'), right: paneContent(state, 'right') }),
    [state],
  );
  const { select } = explorer;
  const selectInRightPane = useCallback((jobId: string) => select(jobId, 'right'), [select]);
  const { showNotice, showError } = messages;
  const copyHex = useCallback(
    (hex: string) =>
      copyText(hex).then(
        () => showNotice(`Copied ${hex}`),
        (error: unknown) => showError(messageOf(error)),
      ),
    [showNotice, showError],
  );
  const openDialog = () => fileInput.current?.click();
  const onCompare = image !== null && view === 'compare';

  useShortcuts({
    open: openDialog,
    run: explorer.run,
    sweep: explorer.sweep,
    cancel: explorer.busy ? explorer.cancel : undefined,
    previous: () => explorer.step(-1),
    next: () => explorer.step(1),
    'zoom-in': onCompare ? compare.zoomIn : undefined,
    'zoom-out': onCompare ? compare.zoomOut : undefined,
    'zoom-fit': onCompare ? compare.fit : undefined,
    'zoom-actual': onCompare ? compare.actualSize : undefined,
    split: onCompare ? compare.toggleLayout : undefined,
    'export-png': () => exports.exportPng(selected),
    'export-palette': () => exports.exportPalette(selected, paletteFormat),
    'view-compare': () => setView('compare'),
    'view-charts': () => setView('charts'),
    'view-pixels': () => setView('pixels'),
    help: () => setDialog('help'),
  });

  // The desktop app's menu sends the same actions as the buttons and shortcuts.
  const commands: Partial<Record<AppCommand, () => void>> = {
    open: openDialog,
    'save-result': () => exports.exportPng(selected),
    'export-palette': () => exports.exportPalette(selected, paletteFormat),
    'export-all': () => exports.exportAll(viewed, paletteFormat),
    'zoom-in': onCompare ? compare.zoomIn : undefined,
    'zoom-out': onCompare ? compare.zoomOut : undefined,
    'zoom-fit': onCompare ? compare.fit : undefined,
    'zoom-actual': onCompare ? compare.actualSize : undefined,
    'toggle-split': onCompare ? compare.toggleLayout : undefined,
    'show-shortcuts': () => setDialog('help'),
    'show-about': () => setDialog('about'),
  };
  const latestCommands = useRef(commands);
  latestCommands.current = commands;
  useEffect(() => api.onCommand((command) => latestCommands.current[command]?.()), [api]);

  const mainView = !image ? null : view === 'charts' ? (
    <ChartsView
      image={image}
      series={explorer.series}
      viewed={viewed}
      selected={state.selected}
      losslessBytes={losslessBytes}
      onSelect={selectInRightPane}
    />
  ) : view === 'pixels' ? (
    <PixelSpaceView api={api} image={image} selected={selected} />
  ) : (
    <CompareView
      image={image}
      panes={panes}
      series={explorer.series}
      controls={compare}
      onShow={explorer.show}
    />
  );

  return (
    <div className={`app${drop.dragging ? ' dragging' : ''}`} {...drop.handlers}>
      <Toolbar
        image={image}
        opening={explorer.opener.opening !== null}
        recent={explorer.recent}
        onOpenDialog={openDialog}
        onOpenFile={explorer.opener.open}
        onOpenSample={explorer.openSample}
        onHelp={() => setDialog('help')}
        onAbout={() => setDialog('about')}
      />
      <input
        ref={fileInput}
        type="file"
        accept={ACCEPTED_TYPES}
        hidden
        aria-label="Image file"
        data-testid="file-input"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = ''; // the same file can be chosen again
          if (file) void explorer.opener.open(file);
        }}
      />
      <MessageStack messages={messages} opening={explorer.opener.opening} />

      <main className="workspace">
        {image ? (
          <>
            <div className="view-bar">
              <ViewTabs view={view} onView={setView} />
              {view === 'compare' && <CompareToolbar controls={compare} />}
            </div>
            <div
              id="view-panel"
              className="view-panel"
              role="tabpanel"
              aria-labelledby={`tab-${view}`}
            >
              {mainView}
            </div>
          </>
        ) : (
          <Welcome
            onOpenDialog={openDialog}
            onOpenSample={explorer.openSample}
            busy={explorer.opener.opening !== null}
          />
        )}
      </main>

      <aside className="sidebar" aria-label="Settings, palette and export">
        <QuantizePanel
          settings={explorer.settings}
          onSettings={explorer.changeSettings}
          coloursText={explorer.coloursText}
          coloursProblem={explorer.coloursProblem}
          onColoursText={explorer.changeColoursText}
          canRun={explorer.canRun}
          canSweep={explorer.canSweep}
          onRun={explorer.run}
          onSweep={explorer.sweep}
          runner={explorer.runner}
          shownSeriesLabel={explorer.shownSeriesLabel}
        />
        <PalettePanel
          selected={selected}
          order={swatchOrder}
          onOrder={setSwatchOrder}
          onCopy={copyHex}
        />
        <ExportPanel
          selected={selected?.result}
          seriesSize={viewed?.results.length ?? 0}
          paletteFormat={paletteFormat}
          onPaletteFormat={setPaletteFormat}
          onExportPng={() => exports.exportPng(selected)}
          onExportPalette={() => exports.exportPalette(selected, paletteFormat)}
          onExportAll={() => exports.exportAll(viewed, paletteFormat)}
          exportingAll={exports.exportingAll}
        />
      </aside>

      {image && (
        <Gallery
          series={explorer.series}
          viewed={viewed}
          selected={state.selected}
          leftPane={state.panes.left === 'original' ? null : state.panes.left}
          runner={explorer.runner}
          onSelect={explorer.select}
          onViewSeries={explorer.viewSeries}
        />
      )}

      {drop.dragging && <div className="drop-overlay">Drop the image to open it</div>}
      {dialog === 'help' && <HelpDialog onClose={() => setDialog(null)} />}
      {dialog === 'about' && <AboutDialog onClose={() => setDialog(null)} />}
    </div>
  );
}
