// Keeps the API key in VS Code's SecretStorage, and nowhere else.
import type * as vscode from 'vscode';

const SECRET_KEY = 'claudeAssistant.apiKey';

export class ApiKeyStore {
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.onDidChange = secrets.onDidChange;
  }

  async get(): Promise<string | undefined> {
    return (await this.secrets.get(SECRET_KEY)) || undefined;
  }

  set(key: string): Thenable<void> {
    return this.secrets.store(SECRET_KEY, key.trim());
  }

  clear(): Thenable<void> {
    return this.secrets.delete(SECRET_KEY);
  }
}
