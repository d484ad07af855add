/** Reading ZIPs in tests with yauzl: an independent reader for the ZIPs Palettize writes. */
import yauzl from 'yauzl';

/** Every entry of a ZIP, name → bytes, in the order they are stored. */
export function readZip(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      Buffer.from(bytes),
      { lazyEntries: true, strictFileNames: true },
      (error, zip) => {
        if (error || !zip) return reject(error ?? new Error('not a ZIP'));
        const entries = new Map<string, Buffer>();
        zip.on('entry', (entry: yauzl.Entry) => {
          zip.openReadStream(entry, (streamError, stream) => {
            if (streamError || !stream) return reject(streamError ?? new Error('unreadable entry'));
            const chunks: Buffer[] = [];
            stream.on('data', (chunk: Buffer) => chunks.push(chunk));
            stream.on('end', () => {
              entries.set(entry.fileName, Buffer.concat(chunks));
              zip.readEntry();
            });
          });
        });
        zip.on('end', () => resolve(entries));
        zip.on('error', reject);
        zip.readEntry();
      },
    );
  });
}
