/** Big-endian byte writing and reading for the binary palette formats. */

export class ByteWriter {
  private buffer = new Uint8Array(256);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  u8(value: number): void {
    this.reserve(1);
    this.view.setUint8(this.length, value);
    this.length += 1;
  }

  u16(value: number): void {
    this.reserve(2);
    this.view.setUint16(this.length, value);
    this.length += 2;
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value);
    this.length += 4;
  }

  f32(value: number): void {
    this.reserve(4);
    this.view.setFloat32(this.length, value);
    this.length += 4;
  }

  ascii(text: string): void {
    for (let i = 0; i < text.length; i++) this.u8(text.charCodeAt(i) & 0x7f);
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }
}

export class ByteReader {
  offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u8(): number {
    return this.take(1, () => this.view.getUint8(this.offset));
  }

  u16(): number {
    return this.take(2, () => this.view.getUint16(this.offset));
  }

  u32(): number {
    return this.take(4, () => this.view.getUint32(this.offset));
  }

  f32(): number {
    return this.take(4, () => this.view.getFloat32(this.offset));
  }

  ascii(length: number): string {
    let text = '';
    for (let i = 0; i < length; i++) text += String.fromCharCode(this.u8());
    return text;
  }

  skip(length: number): void {
    this.take(length, () => 0);
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private take(size: number, read: () => number): number {
    if (this.offset + size > this.bytes.length) throw new Error('unexpected end of file');
    const value = read();
    this.offset += size;
    return value;
  }
}
