import type { ReactNode, RefObject } from 'react';

interface ChartCardProps {
  title: string;
  /** What the canvas shows, for screen readers: names the chart and its point count. */
  label: string;
  canvasRef: RefObject<HTMLCanvasElement | null>;
  note?: ReactNode;
}

/** A titled chart whose canvas is an image named for what it plots. */
export function ChartCard({ title, label, canvasRef, note }: ChartCardProps) {
  return (
    <section className="chart-card">
      <h3 className="card-title">{title}</h3>
      <div className="chart-frame">
        <canvas ref={canvasRef} role="img" aria-label={label} />
      </div>
      {note && <p className="chart-note">{note}</p>}
    </section>
  );
}
