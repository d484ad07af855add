interface ProgressBarProps {
  fraction: number;
  stage: string;
  onCancel(): void;
}

const STAGE_NAMES: Record<string, string> = {
  starting: 'Starting',
  decode: 'Decoding',
  histogram: 'Counting colours',
  seed: 'Seeding',
  refine: 'Clustering',
  remap: 'Remapping',
  encode: 'Writing PNG',
};

export function ProgressBar({ fraction, stage, onCancel }: ProgressBarProps) {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="progress">
      <progress max={100} value={percent} aria-label="Quantization progress" />
      <span className="progress-stage">{STAGE_NAMES[stage] ?? stage}…</span>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
