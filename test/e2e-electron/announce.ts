/** Says once, before the suite, whether Electron is there: the reason it is skipped, or which binary runs. */
import { findElectronBinary, HOW_TO_GET_ELECTRON } from './electron-binary';

export default function announce(): void {
  const binary = findElectronBinary();
  if (binary.found) {
    process.stdout.write(`Electron end-to-end tests use ${binary.path}\n`);
  } else {
    process.stdout.write(
      `Electron end-to-end tests SKIPPED: no Electron binary here (${binary.reason}).\n` +
        `${HOW_TO_GET_ELECTRON[0]!.toUpperCase()}${HOW_TO_GET_ELECTRON.slice(1)}.\n`,
    );
  }
}
