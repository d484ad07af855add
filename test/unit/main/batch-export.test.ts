/**
 * "Export all": the ZIP is a real ZIP (read back with yauzl), the summary is right, and writing
 * into a folder never replaces a file without consent.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultInfo } from '../../../src-main/api/contract';
import {
  batchFiles,
  batchZip,
  writeBatchToFolder,
  type BatchRequest,
} from '../../../src-main/services/batch-export';
import { summaryCsv } from '../../../src-main/services/summary';
import { writeZip } from '../../../src-main/services/zip-writer';
import { tempDir } from '../../helpers/images';
import { readZip } from '../../helpers/zip';

function fakeResult(
  dir: string,
  colours: number,
  paletteSize = colours,
): BatchRequest['results'][number] {
  const path = join(dir, `result-${colours}.png`);
  writeFileSync(path, `png bytes of ${colours}`);
  const palette = Array.from(
    { length: paletteSize },
    (_, i) => `#${(i * 7).toString(16).padStart(6, '0')}`,
  );
  const info: ResultInfo = {
    colours,
    paletteSize,
    palette,
    counts: palette.map(() => 10),
    pngBytes: 1000 * colours,
    iterations: 5,
    converged: true,
    inertia: 1,
    mse: 100 / colours,
    psnr: colours === 1024 ? null : 30 + colours / 100,
    milliseconds: 12.5,
    jobId: `job-${colours}`,
    imageId: 'image',
    viewUrl: '',
    suggestedName: `holiday, "best"-${colours}.png`,
  };
  return { info, path, original: { name: 'holiday, "best".jpg', fileBytes: 100_000 } };
}

describe('writeZip', () => {
  it('writes entries an independent reader gets back byte for byte, UTF-8 names included', async () => {
    const text = new TextEncoder().encode('hello '.repeat(1000));
    const noise = Uint8Array.from({ length: 5000 }, (_, i) => (i * 2654435761) >>> 24);
    const zip = writeZip([
      { name: 'a.txt', bytes: text },
      { name: 'Åre – résumé.bin', bytes: noise },
      { name: 'empty', bytes: new Uint8Array(0) },
    ]);
    const entries = await readZip(zip);
    expect([...entries.keys()]).toEqual(['a.txt', 'Åre – résumé.bin', 'empty']);
    expect(entries.get('a.txt')!.equals(Buffer.from(text))).toBe(true);
    expect(entries.get('Åre – résumé.bin')!.equals(Buffer.from(noise))).toBe(true);
    expect(entries.get('empty')!.length).toBe(0);
    expect(zip.length).toBeLessThan(text.length); // the text was deflated
  });
});

describe('summary', () => {
  it('has one row per result, with quoted names and an empty PSNR for lossless', () => {
    const dir = tempDir();
    const rows = [fakeResult(dir, 2), fakeResult(dir, 1024)].map(({ info, original }) => ({
      input: original.name,
      colours: info.colours,
      paletteSize: info.paletteSize,
      output: info.suggestedName,
      bytes: info.pngBytes,
      ratio: info.pngBytes / original.fileBytes,
      mse: info.mse,
      psnr: info.psnr,
      iterations: info.iterations,
      milliseconds: info.milliseconds,
    }));
    const lines = summaryCsv(rows).trim().split('\r\n');
    expect(lines[0]).toBe(
      'input,colours,paletteSize,output,bytes,ratio,mse,psnr,iterations,milliseconds',
    );
    expect(lines[1]).toBe(
      '"holiday, ""best"".jpg",2,2,"holiday, ""best""-2.png",2000,0.0200,50,30.0200,5,12.5000',
    );
    expect(lines[2]).toMatch(/,1024000,10\.2400,0\.0977,,5,12\.5000$/);
  });
});

describe('batch export', () => {
  const request = (dir: string): BatchRequest => ({
    results: [fakeResult(dir, 2), fakeResult(dir, 300)],
    paletteFormats: ['gpl', 'act', 'json'],
    summary: ['csv', 'json'],
  });

  it('lists PNGs, palettes (no .act above 256 colours) and summaries', () => {
    const names = batchFiles(request(tempDir())).map((file) => file.name);
    expect(names).toEqual([
      'holiday, "best"-2.png',
      'holiday, "best"-2.gpl',
      'holiday, "best"-2.act',
      'holiday, "best"-2.json',
      'holiday, "best"-300.png',
      'holiday, "best"-300.gpl',
      'holiday, "best"-300.json',
      'holiday, "best"-summary.csv',
      'holiday, "best"-summary.json',
    ]);
  });

  it('packs every file into one ZIP', async () => {
    const files = batchFiles(request(tempDir()));
    const entries = await readZip(await batchZip(files));
    expect([...entries.keys()]).toEqual(files.map((file) => file.name));
    expect(entries.get('holiday, "best"-2.png')!.toString()).toBe('png bytes of 2');
  });

  it('writes into a folder, and replaces nothing without consent', async () => {
    const source = tempDir();
    const folder = tempDir();
    const files = batchFiles(request(source));
    writeFileSync(join(folder, 'holiday, "best"-2.gpl'), 'my own palette');

    await expect(writeBatchToFolder(files, folder, { overwrite: false })).rejects.toThrow(
      /1 of the files already exist .*holiday, "best"-2\.gpl/,
    );
    expect(readdirSync(folder)).toEqual(['holiday, "best"-2.gpl']);
    expect(readFileSync(join(folder, 'holiday, "best"-2.gpl'), 'utf8')).toBe('my own palette');

    const progress: number[] = [];
    const written = await writeBatchToFolder(files, folder, {
      overwrite: true,
      onProgress: (done) => progress.push(done),
    });
    expect(written).toHaveLength(files.length);
    expect(progress).toEqual(files.map((_, i) => i + 1));
    expect(readFileSync(join(folder, 'holiday, "best"-2.gpl'), 'utf8')).toMatch(/^GIMP Palette/);
    expect(existsSync(join(folder, 'holiday, "best"-summary.csv'))).toBe(true);
  });
});
