// Editing a message in place: the text in a box, Enter sends it again, Escape or Cancel leaves it.
import { button } from './dom';

/** Hides `body` behind an edit form in `article`; resolves with the new text, or undefined. */
export function editInPlace(article: HTMLElement, body: HTMLElement, text: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const form = document.createElement('form');
    form.className = 'edit-form';
    form.setAttribute('aria-label', 'Edit message');
    const area = document.createElement('textarea');
    area.value = text;
    area.rows = Math.min(12, Math.max(3, area.value.split('\n').length + 1));
    area.setAttribute('aria-label', 'Edited message');
    const buttons = document.createElement('div');
    buttons.className = 'buttons';
    const cancel = button('Cancel', 'secondary');
    const save = button('Resend', 'primary');
    save.type = 'submit';
    save.title = 'Send the edited message; the replies after it are replaced (Enter)';
    buttons.append(cancel, save);
    form.append(area, buttons);
    body.hidden = true;
    article.classList.add('editing');
    body.after(form);
    const done = (value: string | undefined): void => {
      form.remove();
      body.hidden = false;
      article.classList.remove('editing');
      resolve(value);
    };
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (area.value.trim()) done(area.value);
    });
    cancel.addEventListener('click', () => done(undefined));
    area.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        done(undefined);
      }
    });
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  });
}
