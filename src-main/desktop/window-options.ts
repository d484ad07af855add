/**
 * The main window's options, kept out of the Electron glue so that the security settings are
 * checked by tests (Electron's security checklist: isolation, sandbox, no Node, web security on).
 */

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  spellcheck: false;
}

export function mainWindowOptions(preloadPath: string) {
  const webPreferences: SecureWebPreferences = {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  };
  return {
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 700,
    title: 'Palettize',
    show: false,
    webPreferences,
  };
}
