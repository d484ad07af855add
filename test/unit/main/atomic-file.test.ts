import { chmodSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src-main/services/atomic-file';
import { UserFacingError } from '../../../src-main/services/errors';
import { tempDir } from '../../helpers/images';
import { repoRoot } from '../../helpers/paths';
import { runNodeAs, userRefusedByReadOnly } from '../../helpers/unprivileged';

const atomicFileModule = join(repoRoot, 'src-main/services/atomic-file.ts');

const bytes = (text: string) => new TextEncoder().encode(text);

describe('writeFileAtomic', () => {
  it('writes a new file and leaves no temporary file behind', async () => {
    const dir = tempDir();
    await writeFileAtomic(join(dir, 'out.png'), bytes('new'));
    expect(readFileSync(join(dir, 'out.png'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['out.png']);
  });

  it('never replaces an existing file unless asked', async () => {
    const dir = tempDir();
    const target = join(dir, 'out.png');
    writeFileSync(target, 'precious');
    const error = await writeFileAtomic(target, bytes('new')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toMatch(/already exists/);
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(readdirSync(dir)).toEqual(['out.png']);

    await writeFileAtomic(target, bytes('replaced'), { overwrite: true });
    expect(readFileSync(target, 'utf8')).toBe('replaced');
  });

  it('names the target and the reason when the folder is missing or not a folder', async () => {
    const dir = tempDir();
    await expect(writeFileAtomic(join(dir, 'nope', 'out.png'), bytes('x'))).rejects.toThrow(
      /nope\/out\.png: the folder does not exist/,
    );
    writeFileSync(join(dir, 'file'), 'x');
    await expect(writeFileAtomic(join(dir, 'file', 'out.png'), bytes('x'))).rejects.toThrow(
      /Cannot write/,
    );
  });

  it('leaves the old file intact when the write fails part-way', async () => {
    const dir = tempDir();
    const target = join(dir, 'out.png');
    writeFileSync(target, 'good');
    // A "Uint8Array" whose bytes cannot be read fails inside the write, after the temp file exists.
    const broken = new Proxy(bytes('partial'), {
      get(array, key) {
        if (key === 'buffer') throw new Error('disk vanished');
        return Reflect.get(array, key) as unknown;
      },
    });
    await expect(writeFileAtomic(target, broken, { overwrite: true })).rejects.toThrow(
      /Cannot write/,
    );
    expect(readFileSync(target, 'utf8')).toBe('good');
    expect(readdirSync(dir)).toEqual(['out.png']);
  });

  it('reports a read-only folder and leaves nothing in it', async (context) => {
    const user = userRefusedByReadOnly();
    if (!user) return context.skip('run as root, and nobody cannot read the repository');
    const outer = tempDir();
    chmodSync(outer, 0o755);
    const dir = join(outer, 'locked');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    const target = join(dir, 'out.png');
    // In a child process, as a user the folder refuses (root would not be).
    const script =
      `import(${JSON.stringify(atomicFileModule)})` +
      `.then((m) => (m.writeFileAtomic ?? m.default.writeFileAtomic)(` +
      `${JSON.stringify(target)}, new Uint8Array([1])))` +
      `.then(() => console.log('written'), (error) => console.log(error.message));`;
    const run = await runNodeAs(user, ['--import', 'tsx', '-e', script]);
    expect(run.stdout.trim()).toBe(`Cannot write ${target}: permission denied.`);
    expect(readdirSync(dir)).toEqual([]);
  });
});
