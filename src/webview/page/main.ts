// The chat page: renders what the host sends and posts what the user does.
import type { ChatSnapshot, ConnectionSummary, HostToWebview } from '../protocol';
import { TranscriptView } from './transcriptView';
import { connectToHost } from './vscodeApi';
import './style.css';

const host = connectToHost();
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const transcriptElement = byId<HTMLElement>('transcript');
const form = byId<HTMLFormElement>('composer');
const input = byId<HTMLTextAreaElement>('message');
const sendButton = byId<HTMLButtonElement>('send');
const stopButton = byId<HTMLButtonElement>('stop');
const status = byId<HTMLElement>('status');
const empty = byId<HTMLElement>('empty');
const emptyText = byId<HTMLElement>('empty-text');
const setKeyButton = byId<HTMLButtonElement>('set-key');

const transcript = new TranscriptView(transcriptElement, (action) => host.postMessage({ type: 'action', action }));
let busy = false;
let connection: ConnectionSummary | undefined;
/** Follow the stream only while the user is at the bottom; scrolling up stops following. */
let following = true;

input.value = host.getState()?.draft ?? '';

function send(): void {
  const text = input.value.trim();
  if (!text || busy) return;
  host.postMessage({ type: 'send', text });
  input.value = '';
  saveDraft();
  following = true;
}

function saveDraft(): void {
  host.setState({ draft: input.value });
}

function setBusy(value: boolean): void {
  busy = value;
  sendButton.disabled = value;
  stopButton.disabled = !value;
  transcriptElement.setAttribute('aria-busy', String(value));
}

function showConnection(value: ConnectionSummary): void {
  connection = value;
  const key = value.hasCredentials ? `key from ${value.credentialSource}` : 'no API key';
  status.textContent = `${value.model} · ${value.host} · ${key}`;
  refreshEmptyState();
}

function refreshEmptyState(): void {
  const noKey = connection !== undefined && !connection.hasCredentials;
  empty.hidden = !transcript.isEmpty;
  setKeyButton.hidden = !noKey;
  emptyText.textContent = noKey
    ? 'No API key is set. Set one to start; it is kept in VS Code\'s secret storage. ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN in the environment also work.'
    : 'Type a question below and press Enter. The reply streams in here.';
}

function applySnapshot(snapshot: ChatSnapshot): void {
  transcript.reset(snapshot.turns);
  setBusy(snapshot.busy);
  showConnection(snapshot.connection);
  scrollToEnd();
}

function scrollToEnd(): void {
  if (following) transcriptElement.scrollTop = transcriptElement.scrollHeight;
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'snapshot':
      applySnapshot(message.snapshot);
      break;
    case 'turnAdded':
      transcript.add(message.turn);
      refreshEmptyState();
      break;
    case 'turnText':
      transcript.append(message.id, message.append);
      break;
    case 'turnUpdated':
      transcript.update(message.turn);
      break;
    case 'busy':
      setBusy(message.busy);
      break;
    case 'connection':
      showConnection(message.connection);
      break;
  }
  scrollToEnd();
});

transcriptElement.addEventListener('scroll', () => {
  const distance = transcriptElement.scrollHeight - transcriptElement.scrollTop - transcriptElement.clientHeight;
  following = distance < 24;
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  send();
});
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    send();
  }
});
input.addEventListener('input', saveDraft);
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && busy) {
    event.preventDefault();
    host.postMessage({ type: 'stop' });
  }
});
stopButton.addEventListener('click', () => host.postMessage({ type: 'stop' }));
setKeyButton.addEventListener('click', () => host.postMessage({ type: 'action', action: 'setApiKey' }));

setBusy(false);
host.postMessage({ type: 'ready' });
input.focus();
