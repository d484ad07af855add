/**
 * The security settings the desktop app relies on, checked where they are defined: the window's
 * web preferences and the renderer's Content-Security-Policy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../../src-main/desktop/window-options';
import { repoRoot } from '../../helpers/paths';

describe('main window', () => {
  it('isolates and sandboxes the renderer, with no Node and web security on', () => {
    const { webPreferences, minWidth, minHeight } = mainWindowOptions('/app/preload/index.js');
    expect(webPreferences).toMatchObject({
      preload: '/app/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect([minWidth, minHeight]).toEqual([1024, 700]);
  });
});

describe('renderer Content-Security-Policy', () => {
  const html = readFileSync(join(repoRoot, 'src-renderer/index.html'), 'utf8');
  const policy = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
  const directive = (name: string) =>
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .find(([key]) => key === name)
      ?.slice(1) ?? [];

  it('allows scripts and styles only from the app itself', () => {
    expect(directive('default-src')).toEqual(["'self'"]);
    expect(directive('script-src')).toEqual(["'self'"]);
    expect(directive('style-src')).toEqual(["'self'"]);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(directive('object-src')).toEqual(["'none'"]);
    expect(directive('base-uri')).toEqual(["'none'"]);
  });
});
