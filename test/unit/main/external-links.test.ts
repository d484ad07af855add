import { describe, expect, it } from 'vitest';
import { isVettedExternalUrl } from '../../../src-main/desktop/external-links';

describe('isVettedExternalUrl', () => {
  it.each([
    'https://creativecommons.org/licenses/by/2.0/',
    'https://www.flickr.com/photos/danielbuechele/',
    'https://github.com/scikit-image/scikit-image',
  ])('lets %s open in the browser', (url) => {
    expect(isVettedExternalUrl(url)).toBe(true);
  });

  it.each([
    'http://creativecommons.org/licenses/by/2.0/', // not https
    'https://evil.example/',
    'https://creativecommons.org.evil.example/',
    'https://user:pass@github.com/',
    'https://github.com:8443/',
    'file:///etc/passwd',
    'smb://server/share',
    'javascript:alert(1)',
    'ms-settings:',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isVettedExternalUrl(url)).toBe(false);
  });
});
