interface ErrorBannerProps {
  message: string;
  onDismiss(): void;
}

/** A non-blocking error message: the app stays usable while it shows. */
export function ErrorBanner({ message, onDismiss }: ErrorBannerProps) {
  return (
    <div className="error-banner" role="alert">
      <span>{message}</span>
      <button type="button" className="ghost icon" onClick={onDismiss} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}
