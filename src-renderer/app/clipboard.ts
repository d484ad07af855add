/**
 * Copies text. The asynchronous Clipboard API can be refused (the desktop app denies permission
 * requests, some browsers want focus); the old selection-and-copy route then still works.
 */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall through to the fallback.
  }
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.className = 'clipboard-scratch';
  const focused = document.activeElement as HTMLElement | null;
  document.body.append(field);
  field.select();
  const copied = document.execCommand('copy');
  field.remove();
  focused?.focus();
  if (!copied) throw new Error(`Could not copy ${text} to the clipboard.`);
}
