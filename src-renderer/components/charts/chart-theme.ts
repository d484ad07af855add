/** Chart colours from the CSS custom properties, so that charts follow the light or dark theme. */
import { useMemo } from 'react';
import { useColourScheme } from '../../app/useColourScheme';

export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  /** One colour per series, in order; reused round the list. */
  series: readonly string[];
  /** Reference lines: the original file, the lossless PNG. */
  original: string;
  lossless: string;
}

function cssVariable(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function readChartTheme(): ChartTheme {
  return {
    text: cssVariable('--text', '#1d1d22'),
    muted: cssVariable('--muted', '#5e5e6a'),
    grid: cssVariable('--chart-grid', 'rgba(128,128,128,0.2)'),
    surface: cssVariable('--panel', '#ffffff'),
    series: [1, 2, 3, 4, 5].map((n) => cssVariable(`--series-${n}`, '#4b5bdc')),
    original: cssVariable('--chart-original', '#c2410c'),
    lossless: cssVariable('--chart-lossless', '#15803d'),
  };
}

/** The theme's chart colours, read again whenever the system switches light and dark. */
export function useChartTheme(): ChartTheme {
  const scheme = useColourScheme();
  return useMemo(readChartTheme, [scheme]);
}

export function seriesColour(theme: ChartTheme, index: number): string {
  return theme.series[index % theme.series.length]!;
}
