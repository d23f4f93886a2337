// The chat page: renders what the host sends and posts what the user does. It keeps only UI state
// (the draft); the transcript belongs to the host.
import '@vscode/codicons/dist/codicon.css';
import './style.css';
import type { ChatSnapshot, ConnectionSummary, HostToWebview, WebviewToHost } from '../protocol';
import { Composer } from './composer';
import { Header } from './header';
import { CompactionMarker } from './compactionMarker';
import { codeOf } from './markdown/codeBlocks';
import { warmUpRendering } from './markdown/warmUp';
import { keepCodeColorsReadable } from './readableColors';
import { ScrollFollower } from './scrollFollower';
import { cancelCommandEdit, editedCommand, startCommandEdit } from './toolCard';
import { TranscriptView } from './transcriptView';
import { connectToHost } from './vscodeApi';

const host = connectToHost();
const post = (message: WebviewToHost): void => host.postMessage(message);
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const transcriptElement = byId<HTMLElement>('transcript');
const empty = byId<HTMLElement>('empty');
const emptyText = byId<HTMLElement>('empty-text');
const setKeyButton = byId<HTMLButtonElement>('set-key');
const noticeElement = byId<HTMLElement>('notice');
const toolsOffElement = byId<HTMLElement>('tools-off');
const header = new Header(byId('header'), post);
const follower = new ScrollFollower(transcriptElement, byId<HTMLButtonElement>('jump'));
const transcript = new TranscriptView(byId('turns'), () => follower.update(), () => follower.contentChanged());
const compactionMarker = new CompactionMarker(transcript, (id) => post({ type: 'undoCompaction', id }));
let busy = false;
let connection: ConnectionSummary | undefined;
let noticeTimer: ReturnType<typeof setTimeout> | undefined;

const composer = new Composer(byId<HTMLFormElement>('composer'), {
  send: (text, images) => {
    post({ type: 'send', text, images });
    follower.follow();
    showNotice('');
  },
  stop: () => post({ type: 'stop' }),
  draftChanged: (draft) => host.setState({ draft }),
  notice: (text) => showNotice(text),
  chip: (action, id) => post({ type: 'chip', action, id }),
  mention: (kind) => post({ type: 'mention', kind }),
});
composer.text = host.getState()?.draft ?? '';

function setBusy(value: boolean): void {
  busy = value;
  composer.setBusy(value);
  transcriptElement.setAttribute('aria-busy', String(value));
  document.body.classList.toggle('busy', value);
}

function refreshEmptyState(): void {
  const noKey = connection !== undefined && !connection.hasCredentials;
  empty.hidden = !transcript.isEmpty;
  setKeyButton.hidden = !noKey;
  emptyText.textContent = noKey
    ? 'No API key is set. Set one to start: it is kept in VS Code\'s secret storage. ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN in the environment also work.'
    : 'Type a question below and press Enter. Shift+Enter starts a new line; type @ to add a file, a folder, the selection, the problems, the diff or terminal output; paste or drop images to attach them.';
}

function refreshUsage(): void {
  header.showUsage(transcript.turns.map((view) => view.data));
}

function applySnapshot(snapshot: ChatSnapshot): void {
  transcript.reset(snapshot.turns);
  compactionMarker.set(snapshot.compactions);
  setBusy(snapshot.busy);
  connection = snapshot.connection;
  header.showConnection(snapshot.connection);
  header.showHeader(snapshot.header);
  showToolsOff(snapshot.header.toolsOff);
  header.showTitle(snapshot.conversation.title);
  refreshUsage();
  refreshEmptyState();
  follower.followFromNextFrame();
}

/** Why the model has no tools here, for as long as that lasts. */
function showToolsOff(text: string | undefined): void {
  toolsOffElement.textContent = text ?? '';
  toolsOffElement.hidden = !text;
}

function showNotice(text: string): void {
  if (noticeTimer) clearTimeout(noticeTimer);
  noticeElement.textContent = text;
  noticeElement.hidden = !text;
  if (text) noticeTimer = setTimeout(() => showNotice(''), 10_000);
}

function handle(message: HostToWebview): void {
  switch (message.type) {
    case 'batch':
      for (const inner of message.messages) handle(inner);
      return;
    case 'snapshot':
      applySnapshot(message.snapshot);
      return;
    case 'turnAdded':
      transcript.add(message.turn);
      refreshEmptyState();
      follower.update();
      return;
    case 'blockStarted':
      transcript.startBlock(message.id, message.index, message.block);
      return;
    case 'blockDelta':
      transcript.append(message.id, message.index, message.append);
      return;
    case 'turnMeta':
      transcript.setMeta(message.id, message.meta);
      refreshUsage();
      follower.update();
      return;
    case 'toolCall':
      transcript.showCall(message.id, message.view);
      follower.update();
      return;
    case 'blocksTruncated':
      transcript.truncateBlocks(message.id, message.keep);
      return;
    case 'turnsTruncated':
      transcript.truncate(message.keep);
      compactionMarker.refresh();
      refreshUsage();
      refreshEmptyState();
      return;
    case 'busy':
      setBusy(message.busy);
      return;
    case 'compactions':
      compactionMarker.set(message.compactions);
      follower.update();
      return;
    case 'connection':
      connection = message.connection;
      header.showConnection(message.connection);
      refreshEmptyState();
      return;
    case 'header':
      header.showHeader(message.header);
      showToolsOff(message.header.toolsOff);
      refreshUsage();
      return;
    case 'conversation':
      header.showTitle(message.conversation.title);
      return;
    case 'notice':
      showNotice(message.text);
      return;
    case 'unsent':
      composer.handBack(message.text, message.images);
      showNotice(message.reason);
      return;
    case 'contextCount':
      header.setContextCount(message.count);
      refreshUsage();
      return;
    case 'chips':
      composer.setChips(message.chips);
      return;
    case 'mentionResolved':
      composer.mentionResolved(message.kind, message.ok);
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => handle(event.data));

// One listener for every button and link in the transcript: nothing in it has handlers of its own.
transcriptElement.addEventListener('click', (event) => {
  const target = event.target as Element;
  const link = target.closest('a');
  if (link) {
    // VS Code's webview frame listens for link clicks on the window and opens the links itself,
    // past the host's checks: the click stops here, and only the host decides.
    event.preventDefault();
    event.stopPropagation();
    const href = link.getAttribute('href');
    if (href) post({ type: 'openLink', href });
    return;
  }
  const codeButton = target.closest<HTMLElement>('[data-code-action]');
  if (codeButton) {
    const code = codeOf(codeButton);
    if (!code) return;
    const action = codeButton.dataset.codeAction;
    if (action === 'copy') post({ type: 'copy', text: code.code });
    else if (action === 'insert') post({ type: 'insertCode', code: code.code });
    else if (action === 'apply') post({ type: 'applyCode', code: code.code, info: code.info });
    return;
  }
  const toolButton = target.closest<HTMLElement>('[data-tool-action]');
  if (toolButton) {
    const { toolAction, toolUseId } = toolButton.dataset;
    const card = toolButton.closest<HTMLElement>('.tool-card');
    if (!toolUseId) return;
    if (toolAction === 'openDiff' || toolAction === 'accept' || toolAction === 'reject' || toolAction === 'runCommand' || toolAction === 'rejectCommand') {
      post({ type: 'toolCall', action: toolAction, toolUseId });
    } else if (card && toolAction === 'editCommand') startCommandEdit(card);
    else if (card && toolAction === 'cancelEdit') cancelCommandEdit(card);
    else if (card && toolAction === 'runEdited') {
      const command = editedCommand(card);
      if (command !== undefined && command.trim() !== '') post({ type: 'toolCall', action: 'runCommand', toolUseId, command });
    }
    return;
  }
  const errorButton = target.closest<HTMLElement>('[data-error-action]');
  if (errorButton) {
    post({ type: 'action', action: errorButton.dataset.errorAction as never });
    return;
  }
  const turnButton = target.closest<HTMLElement>('[data-turn-action]');
  const turnId = turnButton?.closest<HTMLElement>('[data-turn-id]')?.dataset.turnId;
  const view = turnId ? transcript.view(turnId) : undefined;
  if (!turnButton || !view) return;
  switch (turnButton.dataset.turnAction) {
    case 'copy':
      post({ type: 'copy', text: view.copyText() });
      return;
    case 'regenerate':
      if (!busy) post({ type: 'regenerate', turnId: view.id });
      return;
    case 'undoTurn':
      if (!busy) post({ type: 'undoTurn', turnId: view.id });
      return;
    case 'edit':
      if (busy) return;
      void view.edit().then((text) => {
        if (text !== undefined) {
          post({ type: 'editResend', turnId: view.id, text });
          follower.follow();
        } else {
          turnButton.focus();
        }
      });
      return;
  }
});
// Middle-click would open a link in a new window: links only ever open through the host.
transcriptElement.addEventListener('auxclick', (event) => {
  if ((event.target as Element).closest('a')) {
    event.preventDefault();
    event.stopPropagation();
  }
});

setKeyButton.addEventListener('click', () => post({ type: 'command', command: 'setApiKey' }));
document.addEventListener('keydown', (event) => {
  // In a command's edit box, Escape cancels the edit (not the turn) and Ctrl+Enter runs it.
  const editBox = (event.target as HTMLElement | null)?.closest?.('.tool-command-input');
  const card = editBox?.closest<HTMLElement>('.tool-card');
  if (card && event.key === 'Escape') {
    event.preventDefault();
    cancelCommandEdit(card);
    return;
  }
  if (card && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    card.querySelector<HTMLElement>('[data-tool-action="runEdited"]')?.click();
    return;
  }
  if (event.key === 'Escape' && busy) {
    event.preventDefault();
    post({ type: 'stop' });
  }
});
// Files dragged from the Explorer or an editor tab arrive as URI lists (VS Code's own type, or the standard one).
const URI_LIST_TYPES = ['application/vnd.code.uri-list', 'text/uri-list'];
function droppedUris(data: DataTransfer | null): string[] {
  for (const type of URI_LIST_TYPES) {
    const text = data?.getData(type);
    if (text) return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#')).slice(0, 100);
  }
  return [];
}
document.addEventListener('dragover', (event) => {
  const data = event.dataTransfer;
  if (data && (data.types.includes('Files') || URI_LIST_TYPES.some((type) => data.types.includes(type)))) {
    event.preventDefault();
    data.dropEffect = 'copy';
  }
});
document.addEventListener('drop', (event) => {
  const uris = droppedUris(event.dataTransfer);
  if (uris.length > 0) {
    event.preventDefault();
    post({ type: 'dropUris', uris });
    return;
  }
  const files = Array.from(event.dataTransfer?.files ?? []);
  if (files.length === 0) return;
  event.preventDefault();
  composer.acceptDrop(files);
});

setBusy(false);
refreshEmptyState();
post({ type: 'ready' });
composer.focus();
keepCodeColorsReadable();
warmUpRendering();
