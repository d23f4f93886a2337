// Keeps one API key per provider profile in VS Code's SecretStorage, and nowhere else.
import type * as vscode from 'vscode';

const PREFIX = 'claudeAssistant.apiKey.';

export class ApiKeyStore {
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.onDidChange = secrets.onDidChange;
  }

  async get(profileId: string): Promise<string | undefined> {
    return (await this.secrets.get(PREFIX + profileId)) || undefined;
  }

  set(profileId: string, key: string): Thenable<void> {
    return this.secrets.store(PREFIX + profileId, key.trim());
  }

  clear(profileId: string): Thenable<void> {
    return this.secrets.delete(PREFIX + profileId);
  }
}
