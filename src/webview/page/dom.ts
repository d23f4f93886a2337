// Small DOM helpers for the page: buttons, icons, notes and the error box with its fixes.
import type { ErrorAction, Turn } from '../protocol';

export const ACTION_LABELS: Record<ErrorAction, string> = {
  retry: 'Retry',
  continue: 'Continue',
  setApiKey: 'Set API Key',
  openSettings: 'Open Settings',
  testConnection: 'Test Connection',
  selectProfile: 'Choose Provider',
  selectModel: 'Choose Model',
  useDefaultModel: 'Use the Default Model',
  showLog: 'Show Log',
};

export function errorBox(error: NonNullable<Turn['error']>): HTMLElement {
  const box = document.createElement('div');
  box.className = 'error-box';
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
      const b = button(ACTION_LABELS[action], action === error.actions[0] ? 'primary' : 'secondary');
      b.dataset.errorAction = action;
      actions.append(b);
    }
    box.append(actions);
  }
  return box;
}

export function note(text: string): HTMLElement {
  const element = document.createElement('p');
  element.className = 'note';
  element.textContent = text;
  return element;
}

export function button(label: string, className: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  element.textContent = label;
  return element;
}

export function codicon(name: string): HTMLElement {
  const icon = document.createElement('span');
  icon.className = `codicon codicon-${name}`;
  icon.setAttribute('aria-hidden', 'true');
  return icon;
}
