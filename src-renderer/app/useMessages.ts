/**
 * The app's messages: one error (role=alert) and one notice (role=status) at a time, neither of
 * which blocks anything. Notices fade after a while; errors stay until dismissed or replaced.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';

const NOTICE_MILLISECONDS = 6000;

export interface Messages {
  error: string | null;
  notice: string | null;
  showError(message: string): void;
  showNotice(message: string): void;
  clearError(): void;
  clearNotice(): void;
}

export function useMessages(): Messages {
  const [error, setError] = useState<string | null>(null);
  // A counter, so that the same notice twice still restarts its timer.
  const [notice, setNotice] = useState<{ text: string; serial: number } | null>(null);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MILLISECONDS);
    return () => clearTimeout(timer);
  }, [notice]);

  const showNotice = useCallback(
    (text: string) => setNotice((old) => ({ text, serial: (old?.serial ?? 0) + 1 })),
    [],
  );
  const clearError = useCallback(() => setError(null), []);
  const clearNotice = useCallback(() => setNotice(null), []);

  return useMemo(
    () => ({
      error,
      notice: notice?.text ?? null,
      showError: setError,
      showNotice,
      clearError,
      clearNotice,
    }),
    [error, notice, showNotice, clearError, clearNotice],
  );
}
