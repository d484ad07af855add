import type { Messages } from '../../app/useMessages';
import { ErrorBanner } from './ErrorBanner';

/** The error and the latest notice, floating over the top of the window: nothing waits on them. */
export function MessageStack({
  messages,
  opening,
}: {
  messages: Messages;
  opening: string | null;
}) {
  return (
    <div className="message-stack">
      {messages.error && <ErrorBanner message={messages.error} onDismiss={messages.clearError} />}
      {opening && (
        <div className="notice">
          <span className="spinner" aria-hidden="true" />
          <span role="status">Opening {opening}…</span>
        </div>
      )}
      {messages.notice && (
        <div className="notice">
          {/* Only the words are announced, not the dismiss button. */}
          <span role="status">{messages.notice}</span>
          <button
            type="button"
            className="ghost icon"
            onClick={messages.clearNotice}
            aria-label="Dismiss notice"
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
