/**
 * Which links may leave the app for the system browser (shell.openExternal): https only, to a few
 * known hosts (licences and credits in the About box). Anything else is refused: a link in content
 * must never become a way to launch programs or open file:// and custom-scheme URLs.
 */
const VETTED_HOSTS = new Set([
  'creativecommons.org',
  'www.flickr.com',
  'flickr.com',
  'scikit-learn.org',
  'scikit-image.org',
  'github.com',
]);

export function isVettedExternalUrl(candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    VETTED_HOSTS.has(url.hostname)
  );
}
