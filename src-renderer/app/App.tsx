import { useCallback, useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import type {
  ExportOutcome,
  ImageInfo,
  PaletteExportFormat,
  PalettizeApi,
  ResultInfo,
} from '../../src-main/api/contract';
import {
  DEFAULT_COLOURS,
  DEFAULT_SEED,
  MAX_COLOURS,
  MIN_COLOURS,
  colourCountProblem,
} from '../../src-core/quantize/options';
import { messageOf } from '../api/api-error';
import { ErrorBanner } from '../components/ErrorBanner';
import { ImagePane } from '../components/ImagePane';
import { PaletteStrip } from '../components/PaletteStrip';
import { ProgressBar } from '../components/ProgressBar';
import { formatBytes, formatPsnr, formatRatio } from './format';
import { useQuantizeJob } from './useQuantizeJob';

/** The palette formats offered, in the order of the menu. */
const PALETTE_FORMAT_CHOICES: [PaletteExportFormat, string][] = [
  ['gpl', 'GIMP (.gpl)'],
  ['ase', 'Adobe Swatch Exchange (.ase)'],
  ['act', 'Adobe Colour Table (.act)'],
  ['pal', 'JASC (.pal)'],
  ['txt', 'Paint.NET (.txt)'],
  ['hex', 'Hex list (.hex)'],
  ['css', 'CSS variables (.css)'],
  ['json', 'JSON (.json)'],
  ['png', 'Swatch strip (.png)'],
];

const ACCEPTED_TYPES = 'image/*,.jpg,.jpeg,.png,.webp,.avif,.gif,.tif,.tiff,.heic,.heif,.svg';

export function App({ api }: { api: PalettizeApi }) {
  const [image, setImage] = useState<ImageInfo | null>(null);
  const [result, setResult] = useState<ResultInfo | null>(null);
  const [coloursText, setColoursText] = useState(String(DEFAULT_COLOURS));
  const [opening, setOpening] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [paletteFormat, setPaletteFormat] = useState<PaletteExportFormat>('gpl');
  const fileInput = useRef<HTMLInputElement>(null);

  const job = useQuantizeJob(api, setResult, setError);

  const openFile = useCallback(
    async (file: File) => {
      setError(null);
      setNotice(null);
      setOpening(file.name);
      try {
        const opened = await api.openImage(file);
        setImage(opened);
        setResult(null);
      } catch (failure) {
        setError(messageOf(failure));
      } finally {
        setOpening(null);
      }
    },
    [api],
  );

  const colourProblem = colourCountProblem(Number(coloursText));
  const canRun = image !== null && !job.running && !opening && colourProblem === null;

  const run = (event?: FormEvent) => {
    event?.preventDefault();
    if (!image || colourProblem) return;
    setError(null);
    setNotice(null);
    void job.start(image.id, { colours: Number(coloursText), seed: DEFAULT_SEED });
  };

  const saveWith = async (save: () => Promise<ExportOutcome>) => {
    setError(null);
    try {
      const outcome = await save();
      if (outcome.saved) setNotice(`Saved ${outcome.location}`);
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && job.running) job.cancel();
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'o') {
        event.preventDefault();
        fileInput.current?.click();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [job]);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void openFile(file);
  };

  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="toolbar">
        <h1 className="brand">Palettize</h1>
        <button type="button" onClick={() => fileInput.current?.click()} disabled={opening !== null}>
          Open image…
        </button>
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
            if (file) void openFile(file);
          }}
        />
        <form className="run-form" onSubmit={run}>
          <label>
            Colours
            <input
              type="number"
              min={MIN_COLOURS}
              max={MAX_COLOURS}
              step={1}
              value={coloursText}
              onChange={(event) => setColoursText(event.target.value)}
              aria-invalid={colourProblem !== null}
              title={colourProblem ?? `Palette size, ${MIN_COLOURS} to ${MAX_COLOURS}`}
            />
          </label>
          <button type="submit" className="primary" disabled={!canRun}>
            Quantize
          </button>
        </form>
        {job.running && (
          <ProgressBar fraction={job.running.fraction} stage={job.running.stage} onCancel={job.cancel} />
        )}
        <div className="spacer" />
        <button
          type="button"
          onClick={() => result && void saveWith(() => api.exportResult(result))}
          disabled={!result}
        >
          Export PNG…
        </button>
        <div className="palette-export">
          <select
            aria-label="Palette format"
            value={paletteFormat}
            onChange={(event) => setPaletteFormat(event.target.value as PaletteExportFormat)}
          >
            {PALETTE_FORMAT_CHOICES.map(([format, label]) => (
              <option key={format} value={format}>
                {label}
              </option>
            ))}
          </select>
          <button
            type="button"
            onClick={() => result && void saveWith(() => api.exportPalette(result, paletteFormat))}
            disabled={!result}
          >
            Export palette…
          </button>
        </div>
      </header>

      {error && <ErrorBanner message={error} onDismiss={() => setError(null)} />}
      {notice && (
        <div className="notice" role="status">
          {notice}
        </div>
      )}
      {opening && (
        <div className="notice" role="status">
          Opening {opening}…
        </div>
      )}

      <main className="compare">
        <ImagePane
          title="Original"
          src={image?.viewUrl ?? null}
          alt={image ? `Original: ${image.name}` : ''}
          placeholder={
            <p>
              Drop a photo here, or choose <strong>Open image…</strong>
            </p>
          }
        >
          {image && (
            <>
              <span className="name">{image.name}</span>
              <span>
                {image.width} × {image.height} · {image.format.toUpperCase()} ·{' '}
                {image.distinctColours.toLocaleString('en')} colours
              </span>
              <span data-testid="original-bytes">{formatBytes(image.fileBytes)}</span>
              {image.notes.length > 0 && <span className="notes">{image.notes.join(' ')}</span>}
            </>
          )}
        </ImagePane>
        <ImagePane
          title={result ? `Result: ${result.paletteSize} colours` : 'Result'}
          src={result?.viewUrl ?? null}
          alt={result ? `Result: ${result.paletteSize} colours` : ''}
          placeholder={<p>{image ? 'Choose a colour count and press Quantize.' : 'No result yet.'}</p>}
        >
          {result && image && (
            <>
              <span data-testid="result-bytes">
                {formatBytes(result.pngBytes)} PNG · {formatRatio(result.pngBytes, image.fileBytes)}
              </span>
              <span>
                MSE {result.mse.toFixed(2)} · PSNR {formatPsnr(result.psnr)} · {result.iterations} iterations
                {result.converged ? '' : ' (not converged)'} · {result.milliseconds.toFixed(0)} ms
              </span>
              <PaletteStrip palette={result.palette} />
            </>
          )}
        </ImagePane>
      </main>
      {dragging && <div className="drop-overlay">Drop to open</div>}
    </div>
  );
}
