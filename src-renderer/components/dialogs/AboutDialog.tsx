import { SAMPLE_PHOTO } from '../../app/sample-photo';
import { Dialog } from './Dialog';

/** What Palettize is, and the credits it owes. */
export function AboutDialog({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="About Palettize" onClose={onClose}>
      <p>
        Palettize compresses photos by colour quantization: k-means finds a palette of 2 to 1024
        colours, and the photo is written as a small indexed PNG. It follows SciPy’s and
        scikit-learn’s colour-compression workflow.
      </p>
      <h3>Credits</h3>
      <ul className="help-notes">
        <li>
          {/* The licence as text, not a link: the desktop window opens no other pages. */}
          Sample photo — {SAMPLE_PHOTO.credit} (licence: {SAMPLE_PHOTO.licenceUrl}).
        </li>
        <li>Charts drawn with Chart.js (MIT licence); interface built with React (MIT licence).</li>
        <li>Images decoded and encoded with sharp and libvips (Apache 2.0 and LGPL 3.0).</li>
      </ul>
      <p className="muted">Released under the MIT licence.</p>
    </Dialog>
  );
}
