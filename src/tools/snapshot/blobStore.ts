// Content-addressed storage for snapshot bytes, in the extension's own storage folder. Blobs are
// appended to pack files (one file per snapshot, not one per blob: writing 10,000 small files costs
// seconds on a busy disk, one pack tens of milliseconds). Each finished pack has an index,
// `<pack>.idx` (hash → offset and size), written after the pack: a pack without one is unfinished
// and ignored. Identical content is stored once across all packs. Reads check the hash, so a torn
// or damaged pack yields "not restorable", never wrong bytes.
// Synchronous on purpose: it runs in the snapshot worker (see snapshotWorker.ts); `read` is async
// for restores on the extension host's thread.

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

interface BlobLocation { pack: string; offset: number; size: number }
type PackIndex = Record<string, [offset: number, size: number]>;

const MAX_PACK_BYTES = 64 * 1024 * 1024;
const WRITE_BATCH_BYTES = 4 * 1024 * 1024;
const PACK = '.pack';
const INDEX = '.idx';

// One-shot hashing (Node 20.12 and later) spares a Hash object per file.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'hex') => string }).hash;

export function hashContent(content: Buffer): string {
  return oneShotHash ? oneShotHash('sha256', content, 'hex') : crypto.createHash('sha256').update(content).digest('hex');
}

export class BlobStore {
  readonly packDir: string;
  private index: Map<string, BlobLocation> | undefined;
  /** The pack being written; blobs gather in `pending` and go to disk a few MB at a time. */
  private writing: { id: string; fd: number; offset: number; entries: PackIndex; pending: Buffer[]; pendingBytes: number } | undefined;

  constructor(storageDir: string) {
    this.packDir = path.join(storageDir, 'packs');
  }

  has(hash: string): boolean {
    return this.loadIndex().has(hash);
  }

  /** Stores content under its hash unless it is already stored. Returns whether it wrote. */
  put(hash: string, content: Buffer): boolean {
    const index = this.loadIndex();
    if (index.has(hash)) return false;
    if (this.writing && this.writing.offset + content.length > MAX_PACK_BYTES && this.writing.offset > 0) this.commit();
    const pack = this.writing ?? this.openPack();
    pack.pending.push(content);
    pack.pendingBytes += content.length;
    pack.entries[hash] = [pack.offset, content.length];
    index.set(hash, { pack: pack.id, offset: pack.offset, size: content.length });
    pack.offset += content.length;
    if (pack.pendingBytes >= WRITE_BATCH_BYTES) this.flush(pack);
    return true;
  }

  /** Finishes the pack being written, if any: its blobs become readable by later stores. */
  commit(): void {
    const pack = this.writing;
    if (!pack) return;
    this.writing = undefined;
    this.flush(pack);
    fs.closeSync(pack.fd);
    const base = path.join(this.packDir, pack.id);
    fs.renameSync(base + PACK + '.tmp', base + PACK);
    fs.writeFileSync(base + INDEX + '.tmp', JSON.stringify(pack.entries));
    fs.renameSync(base + INDEX + '.tmp', base + INDEX);
  }

  private flush(pack: NonNullable<BlobStore['writing']>): void {
    if (pack.pendingBytes === 0) return;
    fs.writeSync(pack.fd, Buffer.concat(pack.pending, pack.pendingBytes), 0, pack.pendingBytes, pack.offset - pack.pendingBytes);
    pack.pending = [];
    pack.pendingBytes = 0;
  }

  readSync(hash: string): Buffer | undefined {
    const location = this.loadIndex().get(hash);
    if (!location) return undefined;
    try {
      const fd = fs.openSync(path.join(this.packDir, location.pack + PACK), 'r');
      try {
        const content = Buffer.alloc(location.size);
        fs.readSync(fd, content, 0, location.size, location.offset);
        return hashContent(content) === hash ? content : undefined;
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return undefined;
    }
  }

  /** The stored content, checked against its hash; undefined when missing or damaged. */
  async read(hash: string): Promise<Buffer | undefined> {
    const location = this.loadIndex().get(hash);
    if (!location) return undefined;
    try {
      const handle = await fs.promises.open(path.join(this.packDir, location.pack + PACK), 'r');
      try {
        const content = Buffer.alloc(location.size);
        await handle.read(content, 0, location.size, location.offset);
        return hashContent(content) === hash ? content : undefined;
      } finally {
        await handle.close();
      }
    } catch {
      return undefined;
    }
  }

  /** Bytes of all pack files, finished or not. */
  totalBytes(): number {
    let total = 0;
    for (const name of this.packFiles()) total += fs.statSync(path.join(this.packDir, name)).size;
    return total;
  }

  /**
   * Drops blobs no live snapshot references: a pack with none left is deleted, a pack less than half
   * live is rewritten with only its live blobs. Unfinished packs left by an interrupted snapshot go too.
   */
  prune(liveHashes: ReadonlySet<string>): void {
    this.commit();
    const index = this.loadIndex();
    const replaced: string[] = [];
    for (const name of this.packFiles()) {
      if (name.endsWith('.tmp')) { fs.rmSync(path.join(this.packDir, name), { force: true }); continue; }
      if (!name.endsWith(PACK)) continue;
      const id = name.slice(0, -PACK.length);
      const entries = this.readPackIndex(id);
      const hashes = entries ? Object.keys(entries) : [];
      const live = hashes.filter((hash) => liveHashes.has(hash));
      const liveBytes = live.reduce((sum, hash) => sum + entries![hash][1], 0);
      const packBytes = hashes.reduce((sum, hash) => sum + entries![hash][1], 0);
      if (entries && liveBytes * 2 >= packBytes && live.length > 0) continue;
      // Copy what is still live into the pack being written, then forget and delete the old one.
      const keep = live.map((hash) => [hash, this.readSync(hash)] as const);
      for (const hash of hashes) index.delete(hash);
      for (const [hash, content] of keep) if (content) this.put(hash, content);
      replaced.push(id);
    }
    // Old packs go only once their live blobs are safely in a finished pack.
    this.commit();
    for (const id of replaced) {
      fs.rmSync(path.join(this.packDir, id + INDEX), { force: true });
      fs.rmSync(path.join(this.packDir, id + PACK), { force: true });
    }
  }

  private openPack(): NonNullable<BlobStore['writing']> {
    fs.mkdirSync(this.packDir, { recursive: true });
    const id = `${Date.now().toString(36)}-${crypto.randomBytes(6).toString('hex')}`;
    const fd = fs.openSync(path.join(this.packDir, id + PACK + '.tmp'), 'wx');
    this.writing = { id, fd, offset: 0, entries: {}, pending: [], pendingBytes: 0 };
    return this.writing;
  }

  private loadIndex(): Map<string, BlobLocation> {
    if (this.index) return this.index;
    const index = new Map<string, BlobLocation>();
    for (const name of this.packFiles()) {
      if (!name.endsWith(INDEX)) continue;
      const pack = name.slice(0, -INDEX.length);
      for (const [hash, [offset, size]] of Object.entries(this.readPackIndex(pack) ?? {})) index.set(hash, { pack, offset, size });
    }
    this.index = index;
    return index;
  }

  private readPackIndex(pack: string): PackIndex | undefined {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.packDir, pack + INDEX), 'utf8')) as PackIndex;
    } catch {
      return undefined;
    }
  }

  private packFiles(): string[] {
    try {
      return fs.readdirSync(this.packDir);
    } catch {
      return [];
    }
  }
}
