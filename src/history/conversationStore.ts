// Conversations on disk, one JSON file each, in the workspace's storage folder. Every write goes to
// a temporary file that is then renamed over the old one, so a file is always whole. A reply being
// streamed is journaled as it arrives, so a reload loses nothing that was shown. Damaged files are
// set aside and reported; they never stop the others from loading. Several windows may share the
// folder: the listing is checked against the files, and each change to it is merged into what is
// on disk rather than written from memory. No `vscode` import.
import * as fs from 'fs';
import * as path from 'path';
import { isConversationId, parseConversation, type Conversation } from '../conversation/record';
import { replayJournal, type JournalEntry } from './streamJournal';

export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  turnCount: number;
}

export interface StoreProblem {
  /** What happened, in words for the user. */
  message: string;
  /** Where the damaged file was moved. */
  setAsidePath?: string;
}

const INDEX_FILE = 'index.json';
const CURRENT_FILE = 'current.json';

/**
 * Layout: `<storage>/index.json` (titles and dates, for listing), `<storage>/current.json` (the
 * conversation open last), and one `<storage>/conversations/<id>.json` per conversation, with a
 * `<id>.journal` beside it while a reply streams.
 */
export class ConversationStore {
  private readonly dir: string;

  constructor(
    private readonly root: string,
    private readonly report: (problem: StoreProblem) => void,
  ) {
    this.dir = path.join(root, 'conversations');
  }

  /** Where the conversation files are. */
  get folder(): string {
    return this.dir;
  }

  /** Newest first, as the files are now: another window may have added or removed some. */
  list(): ConversationSummary[] {
    const index = this.loadIndex();
    const onDisk = this.conversationIds();
    let changed = false;
    for (const id of index.keys()) {
      if (!onDisk.has(id)) changed = index.delete(id) || changed;
    }
    for (const id of onDisk) {
      if (index.has(id)) continue;
      const summary = this.readSummary(id);
      if (summary) {
        index.set(id, summary);
        changed = true;
      }
    }
    if (changed) {
      this.updateIndex((latest) => {
        for (const id of latest.keys()) if (!index.has(id) && !this.exists(id)) latest.delete(id);
        for (const [id, summary] of index) if (!latest.has(id)) latest.set(id, summary);
      });
    }
    return [...index.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** The conversation, with any journaled reply folded in; undefined when missing or damaged. */
  load(id: string): Conversation | undefined {
    if (!isConversationId(id)) return undefined;
    const file = this.fileOf(id);
    if (!fs.existsSync(file)) {
      this.forget(id);
      return undefined;
    }
    let conversation: Conversation;
    try {
      conversation = parseConversation(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      this.setAside(file, `The saved conversation "${this.loadIndex().get(id)?.title ?? id}" could not be read (${reason(error)}).`, kindOf(error));
      this.forget(id);
      return undefined;
    }
    const journal = this.journalOf(id);
    if (fs.existsSync(journal)) {
      // A reload or crash came while a reply streamed: fold in what was shown, then save it whole.
      replayJournal(conversation, fs.readFileSync(journal, 'utf8'));
      this.save(conversation);
    }
    return conversation;
  }

  save(conversation: Conversation): void {
    fs.mkdirSync(this.dir, { recursive: true });
    writeAtomically(this.fileOf(conversation.id), JSON.stringify(conversation));
    fs.rmSync(this.journalOf(conversation.id), { force: true });
    this.updateIndex((index) => index.set(conversation.id, summaryOf(conversation)));
  }

  /** Appends to the reply journal, synchronously. */
  journal(id: string, entry: JournalEntry): void {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.appendFileSync(this.journalOf(id), `${JSON.stringify(entry)}\n`);
  }

  /** Appends a batch of updates the page is about to show, as one write, off the host's thread. */
  async appendJournal(id: string, entries: readonly JournalEntry[]): Promise<void> {
    if (!isConversationId(id) || entries.length === 0) return;
    await fs.promises.mkdir(this.dir, { recursive: true });
    await fs.promises.appendFile(this.journalOf(id), entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  }

  async removeJournal(id: string): Promise<void> {
    if (isConversationId(id)) await fs.promises.rm(this.journalOf(id), { force: true });
  }

  /** The conversation that was open last, kept here rather than in VS Code's state so a reload right after cannot lose it. */
  get currentId(): string | undefined {
    try {
      const id = (JSON.parse(fs.readFileSync(path.join(this.root, CURRENT_FILE), 'utf8')) as { id?: unknown }).id;
      return isConversationId(id) ? id : undefined;
    } catch {
      return undefined;
    }
  }

  set currentId(id: string | undefined) {
    fs.mkdirSync(this.root, { recursive: true });
    writeAtomically(path.join(this.root, CURRENT_FILE), JSON.stringify({ id }));
  }

  rename(id: string, title: string): Conversation | undefined {
    const conversation = this.load(id);
    if (!conversation) return undefined;
    conversation.title = title;
    conversation.titleIsCustom = true;
    this.save(conversation);
    return conversation;
  }

  delete(id: string): void {
    if (!isConversationId(id)) return;
    fs.rmSync(this.fileOf(id), { force: true });
    fs.rmSync(this.journalOf(id), { force: true });
    this.forget(id);
  }

  /** Each saved conversation in turn, newest first; damaged ones are set aside and skipped. */
  *all(): Generator<Conversation> {
    for (const summary of this.list()) {
      const conversation = this.load(summary.id);
      if (conversation) yield conversation;
    }
  }

  /** The listing as it is on disk now; rebuilt from the files when missing or damaged. */
  private loadIndex(): Map<string, ConversationSummary> {
    const file = path.join(this.root, INDEX_FILE);
    if (fs.existsSync(file)) {
      try {
        const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as ConversationSummary[];
        if (!Array.isArray(entries) || !entries.every(isSummary)) throw new Error('unexpected content');
        return new Map(entries.map((entry) => [entry.id, entry]));
      } catch (error) {
        this.setAside(file, `The list of saved conversations could not be read (${reason(error)}); it was rebuilt.`);
      }
    }
    const index = this.rebuildIndex();
    if (index.size > 0) this.saveIndex(index);
    return index;
  }

  /** Applies one change to the listing as it is on disk now, so another window's changes are kept. */
  private updateIndex(change: (index: Map<string, ConversationSummary>) => void): void {
    const index = this.loadIndex();
    change(index);
    this.saveIndex(index);
  }

  /** Reads every conversation file; used when the index is missing or damaged. */
  private rebuildIndex(): Map<string, ConversationSummary> {
    const index = new Map<string, ConversationSummary>();
    for (const id of this.conversationIds()) {
      const summary = this.readSummary(id);
      if (summary) index.set(id, summary);
    }
    return index;
  }

  private conversationIds(): Set<string> {
    if (!fs.existsSync(this.dir)) return new Set();
    return new Set(fs.readdirSync(this.dir).flatMap((name) => {
      const id = /^(.+)\.json$/.exec(name)?.[1];
      return id && isConversationId(id) ? [id] : [];
    }));
  }

  private readSummary(id: string): ConversationSummary | undefined {
    const file = this.fileOf(id);
    try {
      return summaryOf(parseConversation(JSON.parse(fs.readFileSync(file, 'utf8'))));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      this.setAside(file, `A saved conversation could not be read (${reason(error)}).`, kindOf(error));
      return undefined;
    }
  }

  private exists(id: string): boolean {
    return fs.existsSync(this.fileOf(id));
  }

  private saveIndex(index: Map<string, ConversationSummary>): void {
    fs.mkdirSync(this.root, { recursive: true });
    writeAtomically(path.join(this.root, INDEX_FILE), JSON.stringify([...index.values()]));
  }

  private forget(id: string): void {
    if (this.loadIndex().has(id)) this.updateIndex((index) => index.delete(id));
  }

  /** Moves a file out of the way, keeping every byte: a newer version's file stays for that version to open. */
  private setAside(file: string, message: string, kind: 'damaged' | 'newer' = 'damaged'): void {
    const target = `${file}.${kind}-${Date.now()}`;
    try {
      fs.renameSync(file, target);
      this.report({ message: `${message} The file was set aside as ${path.basename(target)}; the other conversations are unaffected.`, setAsidePath: target });
    } catch (error) {
      this.report({ message: `${message} It could not be moved aside either (${reason(error)}).` });
    }
  }

  private fileOf(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private journalOf(id: string): string {
    return path.join(this.dir, `${id}.journal`);
  }
}

/** Writes a temporary file next to the target, flushes it, and renames it over the target. */
export function writeAtomically(file: string, data: string): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const fd = fs.openSync(temp, 'w');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

function summaryOf(conversation: Conversation): ConversationSummary {
  const { id, title, createdAt, updatedAt } = conversation;
  return { id, title, createdAt, updatedAt, turnCount: conversation.turns.length };
}

function isSummary(value: unknown): value is ConversationSummary {
  const entry = value as ConversationSummary;
  return typeof entry === 'object' && entry !== null && isConversationId(entry.id) && typeof entry.title === 'string' && typeof entry.updatedAt === 'number';
}

function kindOf(error: unknown): 'damaged' | 'newer' {
  return error instanceof Error && error.name === 'FutureVersionError' ? 'newer' : 'damaged';
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
