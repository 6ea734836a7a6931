const CHUNK_SIZE = 4 * 1024 * 1024;
const EMPTY = -1;

/**
 * A set of string keys, each remembered with the first row that had it, in compact memory: key bytes
 * live in 4 MB chunks and the hash table in typed arrays, about 20 bytes plus the key's length per key
 * (a `Set<string>` of a million e-mail addresses takes several times that). Keys are compared exactly.
 */
export class KeyIndex {
  private readonly chunks: Buffer[] = [];
  private chunkUsed = CHUNK_SIZE;
  private locations = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private hashes = new Uint32Array(1024);
  private rows = new Uint32Array(1024);
  private slots = new Int32Array(2048).fill(EMPTY);
  private count = 0;
  private scratch = Buffer.alloc(4096);

  /** Number of keys held. */
  get size(): number {
    return this.count;
  }

  /**
   * Adds `key` for `row`. Returns `undefined` when the key is new, else the row that added it first
   * (the index is not changed).
   */
  add(key: string, row: number): number | undefined {
    const length = this.encode(key);
    const hash = this.hash(length);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === EMPTY) break;
      if (this.hashes[entry] === hash && this.equals(entry, length)) return this.rows[entry];
      slot = (slot + 1) & mask;
    }
    const entry = this.count++;
    this.ensureEntries(this.count);
    this.hashes[entry] = hash;
    this.rows[entry] = row;
    this.lengths[entry] = length;
    this.locations[entry] = this.store(length);
    this.slots[slot] = entry;
    if (this.count * 2 > this.slots.length) this.rehash();
    return undefined;
  }

  /** The row that added `key`, or `undefined`. */
  get(key: string): number | undefined {
    const length = this.encode(key);
    const hash = this.hash(length);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === EMPTY) return undefined;
      if (this.hashes[entry] === hash && this.equals(entry, length)) return this.rows[entry];
      slot = (slot + 1) & mask;
    }
  }

  private encode(key: string): number {
    const needed = Buffer.byteLength(key);
    if (needed > this.scratch.length) this.scratch = Buffer.alloc(needed * 2);
    return this.scratch.write(key);
  }

  /** FNV-1a over the scratch bytes. */
  private hash(length: number): number {
    let h = 0x811c9dc5;
    const bytes = this.scratch;
    for (let i = 0; i < length; i++) {
      h ^= bytes[i];
      h = (h + (h << 1) + (h << 4) + (h << 7) + (h << 8) + (h << 24)) | 0;
    }
    return h >>> 0;
  }

  private equals(entry: number, length: number): boolean {
    if (this.lengths[entry] !== length) return false;
    const location = this.locations[entry];
    const chunk = this.chunks[Math.floor(location / CHUNK_SIZE)];
    const offset = location % CHUNK_SIZE;
    return chunk.compare(this.scratch, 0, length, offset, offset + length) === 0;
  }

  private store(length: number): number {
    if (length > CHUNK_SIZE) throw new Error(`key of ${length} bytes is longer than ${CHUNK_SIZE}`);
    if (this.chunkUsed + length > CHUNK_SIZE) {
      this.chunks.push(Buffer.allocUnsafe(CHUNK_SIZE));
      this.chunkUsed = 0;
    }
    const index = this.chunks.length - 1;
    this.scratch.copy(this.chunks[index], this.chunkUsed, 0, length);
    const location = index * CHUNK_SIZE + this.chunkUsed;
    this.chunkUsed += length;
    return location;
  }

  private ensureEntries(count: number): void {
    if (count <= this.rows.length) return;
    const capacity = this.rows.length * 2;
    const grow = <T extends Float64Array | Uint32Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.locations = grow(this.locations, new Float64Array(capacity));
    this.lengths = grow(this.lengths, new Uint32Array(capacity));
    this.hashes = grow(this.hashes, new Uint32Array(capacity));
    this.rows = grow(this.rows, new Uint32Array(capacity));
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashes[entry] & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }
}
