interface WelcomeProps {
  onOpenDialog(): void;
  onOpenSample(): void;
  busy: boolean;
}

/** The empty window: every way to open a photo. */
export function Welcome({ onOpenDialog, onOpenSample, busy }: WelcomeProps) {
  return (
    <div className="welcome">
      <div className="welcome-card">
        <div className="welcome-swatches" aria-hidden="true">
          {['#2f3b52', '#51607a', '#9aa9bd', '#d7dde6', '#a34a28', '#d98b4f', '#5f7a3a'].map(
            (colour) => (
              <span key={colour} style={{ backgroundColor: colour }} />
            ),
          )}
        </div>
        <h2>Open a photo to begin</h2>
        <p>
          Palettize reduces a photo to 2–1024 colours with k-means and shows, side by side, what
          each palette saves and what it costs.
        </p>
        <div className="welcome-actions">
          <button type="button" className="primary" onClick={onOpenDialog} disabled={busy}>
            Choose a file…
          </button>
          <button type="button" onClick={onOpenSample} disabled={busy}>
            Try the sample photo
          </button>
        </div>
        <p className="muted">
          …or drop an image anywhere on this window, or paste one with Ctrl/⌘+V.
        </p>
      </div>
    </div>
  );
}
