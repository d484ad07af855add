import { useCallback, useMemo, useState } from 'react';
import type { ImageInfo, PalettizeApi, PixelSample } from '../../../src-main/api/contract';
import { rgbOfHex } from '../../app/colour';
import type { StoredResult } from '../../app/explorer-state';
import { formatColours, formatCount, formatDuration } from '../../app/format';
import { oneOf, usePersistentState } from '../../app/persistence';
import { useChartTheme } from '../charts/chart-theme';
import { ScatterPlot, type Channel } from './ScatterPlot';
import { SAMPLE_SIZE, usePixelSample } from './usePixelSample';

const PAIRS: readonly [Channel, Channel][] = [
  [0, 1],
  [0, 2],
  [1, 2],
];

interface PixelSpaceViewProps {
  api: PalettizeApi;
  image: ImageInfo;
  selected: StoredResult | undefined;
}

function pointColoursOf(sample: PixelSample | null): string[] {
  if (!sample) return [];
  const colours: string[] = [];
  for (let at = 0; at < sample.values.length; at += sample.channels) {
    const [r, g, b] = [sample.values[at], sample.values[at + 1], sample.values[at + 2]];
    colours.push(`rgb(${r},${g},${b})`);
  }
  return colours;
}

/**
 * The colour-compression workflow's pixel-space plots: a seeded sample of 10,000 pixels in
 * Red–Green, Red–Blue and Green–Blue, for the input and for the selected result (the same pixels:
 * sample i of the result is the reduced colour of sample i of the input).
 */
export function PixelSpaceView({ api, image, selected }: PixelSpaceViewProps) {
  const theme = useChartTheme();
  const [axisMax, setAxisMax] = usePersistentState('scatter-axis', oneOf(['255', '1'], '255'));
  const [centresOnInput, setCentresOnInput] = usePersistentState(
    'scatter-centres-on-input',
    (stored) => stored === true,
  );
  const input = usePixelSample(api, { imageId: image.id });
  const output = usePixelSample(api, selected ? { jobId: selected.result.jobId } : null);
  const inputColours = useMemo(() => pointColoursOf(input.sample), [input.sample]);
  const outputColours = useMemo(() => pointColoursOf(output.sample), [output.sample]);
  const centres = useMemo(() => selected?.result.palette.map(rgbOfHex) ?? null, [selected]);
  const max = axisMax === '1' ? 1 : 255;

  // The latest plot's drawing time, shown so that "well under a second" stays visible.
  const [lastDraw, setLastDraw] = useState(0);
  const onDrawn = useCallback((ms: number) => setLastDraw(ms), []);

  const row = (sample: PixelSample, colours: string[], subject: string, withCentres: boolean) =>
    PAIRS.map(([x, y]) => (
      <ScatterPlot
        key={`${x}${y}`}
        sample={sample}
        pointColours={colours}
        centres={withCentres ? centres : null}
        x={x}
        y={y}
        max={max}
        subject={subject}
        theme={theme}
        onDrawn={onDrawn}
      />
    ));

  return (
    <div className="pixel-view">
      <div className="view-header">
        <p className="view-intro">
          {formatCount(SAMPLE_SIZE)} pixels sampled at random (seeded: the same pixels in both
          rows), each drawn in its own colour; the palette’s centres are the larger outlined dots.
        </p>
        <label className="inline-field">
          Axis values
          <select
            value={axisMax}
            onChange={(event) => setAxisMax(event.target.value as '255' | '1')}
          >
            <option value="255">0–255</option>
            <option value="1">0–1</option>
          </select>
        </label>
        <label className="inline-field">
          <input
            type="checkbox"
            checked={centresOnInput}
            onChange={(event) => setCentresOnInput(event.target.checked)}
          />
          Centres on the input
        </label>
      </div>

      <section className="scatter-row" aria-labelledby="scatter-input-title">
        <h3 id="scatter-input-title" className="card-title">
          Input colour space: 16 million possible colours{' '}
          <span className="muted">({formatCount(image.distinctColours)} in this image)</span>
        </h3>
        <div className="scatter-plots">
          {input.sample ? (
            row(input.sample, inputColours, 'the input', centresOnInput)
          ) : (
            <p className="view-empty">{input.error ?? 'Sampling pixels…'}</p>
          )}
        </div>
      </section>

      <section className="scatter-row" aria-labelledby="scatter-output-title">
        <h3 id="scatter-output-title" className="card-title">
          {selected
            ? `Reduced colour space: ${formatColours(selected.result.paletteSize)}`
            : 'Reduced colour space'}
        </h3>
        <div className="scatter-plots">
          {!selected ? (
            <p className="view-empty">Quantize or pick a result to see its colour space.</p>
          ) : output.sample ? (
            row(output.sample, outputColours, formatColours(selected.result.paletteSize), true)
          ) : (
            <p className="view-empty">{output.error ?? 'Sampling pixels…'}</p>
          )}
        </div>
      </section>
      {lastDraw > 0 && (
        <p className="view-footnote">
          {formatCount(SAMPLE_SIZE)} points drawn in {formatDuration(lastDraw)}.
        </p>
      )}
    </div>
  );
}
