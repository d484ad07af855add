/**
 * A small ZIP writer (PKWARE APPNOTE 6.3: local headers, central directory, end record), for the
 * web shell's "export all" download. Each entry is deflated, or stored when deflate does not help
 * (PNGs are already compressed). Names are UTF-8 (general-purpose flag bit 11).
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

const STORED = 0;
const DEFLATED = 8;
const UTF8_NAMES = 1 << 11;
const VERSION = 20; // 2.0: deflate

export function writeZip(entries: ZipEntry[], modified = new Date()): Uint8Array {
  if (entries.length > 0xffff) throw new Error('too many entries for a ZIP without ZIP64');
  const { time, date } = dosDateTime(modified);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const deflated = deflateRawSync(entry.bytes, { level: 9 });
    const useDeflate = deflated.length < entry.bytes.length;
    const data = useDeflate ? deflated : Buffer.from(entry.bytes);
    const fields = {
      method: useDeflate ? DEFLATED : STORED,
      crc: crc32(entry.bytes),
      compressed: data.length,
      size: entry.bytes.length,
      time,
      date,
    };
    const local = header(0x04034b50, name, fields, offset, false);
    locals.push(local, data);
    centrals.push(header(0x02014b50, name, fields, offset, true));
    offset += local.length + data.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, central, end]));
}

interface EntryFields {
  method: number;
  crc: number;
  compressed: number;
  size: number;
  time: number;
  date: number;
}

/** A local file header (30 bytes + name) or a central directory header (46 bytes + name). */
function header(
  signature: number,
  name: Buffer,
  f: EntryFields,
  offset: number,
  central: boolean,
): Buffer {
  const fixed = central ? 46 : 30;
  const out = Buffer.alloc(fixed + name.length);
  let at = 0;
  const u16 = (value: number) => (at = out.writeUInt16LE(value, at));
  const u32 = (value: number) => (at = out.writeUInt32LE(value >>> 0, at));
  u32(signature);
  if (central) u16(VERSION); // version made by
  u16(VERSION); // version needed to extract
  u16(UTF8_NAMES);
  u16(f.method);
  u16(f.time);
  u16(f.date);
  u32(f.crc);
  u32(f.compressed);
  u32(f.size);
  u16(name.length);
  u16(0); // extra field length
  if (central) {
    u16(0); // comment length
    u16(0); // disk number
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(offset); // where the local header is
  }
  name.copy(out, at);
  return out;
}

/** MS-DOS time and date, the only timestamps plain ZIP has (2-second resolution, from 1980). */
function dosDateTime(moment: Date): { time: number; date: number } {
  const year = Math.max(1980, moment.getFullYear());
  return {
    time:
      (moment.getHours() << 11) | (moment.getMinutes() << 5) | Math.floor(moment.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((moment.getMonth() + 1) << 5) | moment.getDate(),
  };
}
