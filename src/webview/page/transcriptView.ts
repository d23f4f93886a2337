// Renders the transcript as plain text. Streaming appends to a text node: cost is the new text only.
import type { ErrorAction, Turn } from '../protocol';

const ACTION_LABELS: Record<ErrorAction, string> = {
  retry: 'Retry',
  setApiKey: 'Set API Key',
  openSettings: 'Open Settings',
  showLog: 'Show Log',
};

interface RenderedTurn {
  element: HTMLElement;
  text: Text;
}

export class TranscriptView {
  private readonly rendered = new Map<string, RenderedTurn>();

  constructor(
    private readonly container: HTMLElement,
    private readonly onAction: (action: ErrorAction) => void,
  ) {}

  get isEmpty(): boolean {
    return this.rendered.size === 0;
  }

  reset(turns: Turn[]): void {
    this.container.replaceChildren();
    this.rendered.clear();
    for (const turn of turns) this.add(turn);
  }

  add(turn: Turn): void {
    const element = document.createElement('article');
    const body = document.createElement('div');
    body.className = 'body';
    const text = document.createTextNode(turn.text);
    body.append(text);
    element.append(body);
    this.container.append(element);
    this.rendered.set(turn.id, { element, text });
    this.update(turn);
  }

  append(id: string, text: string): void {
    this.rendered.get(id)?.text.appendData(text);
  }

  update(turn: Turn): void {
    const rendered = this.rendered.get(turn.id);
    if (!rendered) return this.add(turn);
    const { element, text } = rendered;
    if (text.data !== turn.text) text.data = turn.text;
    element.className = `message ${turn.role}`;
    element.dataset.status = turn.status;
    element.setAttribute('aria-label', turn.role === 'user' ? 'You' : 'Claude');
    element.setAttribute('aria-busy', String(turn.status === 'streaming'));
    element.querySelector('.note')?.remove();
    if (turn.status === 'stopped') element.append(note('Stopped.'));
    if (turn.status === 'error' && turn.error) element.append(this.errorBox(turn));
  }

  private errorBox(turn: Turn): HTMLElement {
    const error = turn.error!;
    const box = document.createElement('div');
    box.className = 'note message error';
    box.setAttribute('role', 'alert');
    const title = document.createElement('strong');
    title.textContent = error.title;
    const detail = document.createElement('p');
    detail.textContent = error.detail;
    box.append(title, detail);
    if (error.actions.length > 0) {
      const actions = document.createElement('div');
      actions.className = 'actions';
      for (const action of error.actions) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'secondary';
        button.textContent = ACTION_LABELS[action];
        button.addEventListener('click', () => this.onAction(action));
        actions.append(button);
      }
      box.append(actions);
    }
    return box;
  }
}

function note(text: string): HTMLElement {
  const element = document.createElement('p');
  element.className = 'note';
  element.textContent = text;
  return element;
}
