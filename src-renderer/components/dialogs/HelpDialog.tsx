import { OTHER_GESTURES, SHORTCUTS } from '../../app/shortcuts';
import { Dialog } from './Dialog';

function Keys({ keys }: { keys: string[] }) {
  return (
    <span className="keys">
      {keys.map((key, index) => (
        <kbd key={index}>{key}</kbd>
      ))}
    </span>
  );
}

/** Keyboard shortcuts and gestures, from the same table the key handler uses. */
export function HelpDialog({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="Help and keyboard shortcuts" onClose={onClose}>
      <div className="help-columns">
        <table className="shortcut-table" aria-label="Keyboard shortcuts">
          <tbody>
            {SHORTCUTS.map((shortcut) => (
              <tr key={shortcut.id}>
                <td>
                  <Keys keys={shortcut.keys} />
                </td>
                <td>{shortcut.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div>
          <table className="shortcut-table" aria-label="Mouse and other gestures">
            <tbody>
              {OTHER_GESTURES.map((gesture) => (
                <tr key={gesture.description}>
                  <td>
                    <Keys keys={gesture.keys} />
                  </td>
                  <td>{gesture.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Good to know</h3>
          <ul className="help-notes">
            <li>
              A sweep runs 2, 4, 8 … 1024 colours one after another; each result appears as soon as
              it finishes. Results you already have with the same settings are not run again.
            </li>
            <li>
              Changing a setting never discards results: each combination of settings is a series,
              and the gallery’s Series menu switches between them.
            </li>
            <li>
              Recent files: files opened in this session reopen with one click. Names from earlier
              sessions are remembered, but a browser cannot reopen a file by itself — use Open.
            </li>
            <li>Settings, the view and the palette format are remembered on this computer.</li>
          </ul>
        </div>
      </div>
    </Dialog>
  );
}
