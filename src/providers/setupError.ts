// Raised before any request when the settings cannot work; the message says what to change. Pure.

/** The fixes a setup problem can point to; each is also an action the chat offers next to an error. */
export type SetupAction = 'setApiKey' | 'openSettings' | 'testConnection' | 'selectProfile' | 'selectModel';

export class SetupError extends Error {
  constructor(message: string, readonly actions: SetupAction[]) {
    super(message);
    this.name = 'SetupError';
  }
}
