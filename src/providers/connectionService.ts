// Where requests go: the active profile, its key, the HTTP client built from the settings.
// The client bundle (undici) is loaded on first use and rebuilt when network settings change.
import * as vscode from 'vscode';
import type * as ClientBundleModule from '../api/clientBundle';
import type { StreamOptions, StreamResult } from '../api/messagesClient';
import type { HttpRequest } from '../api/messagesRequest';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import type { MessageStreamer, RequestContext } from '../chat/chatSession';
import { activeProfile, buildRequestContext, summarise } from '../chat/requestContext';
import { onDidChangeSettings, readSettings, type Settings } from '../config';
import type { ConnectionSummary } from '../webview/protocol';
import type { ProviderProfile } from './profiles';

export type ClientBundle = typeof ClientBundleModule;
type Client = InstanceType<ClientBundle['MessagesClient']>;

export class ConnectionService implements MessageStreamer, vscode.Disposable {
  private client: Client | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires when the profile, its key or any connection setting changes. */
  readonly onDidChange = this.changed.event;

  constructor(
    readonly keyStore: ApiKeyStore,
    private readonly loadClientBundle: () => Promise<ClientBundle>,
    readonly log: vscode.LogOutputChannel,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.disposables.push(
      this.changed,
      onDidChangeSettings(() => {
        // Timeouts, retries and proxies are fixed when the client is built: build a new one.
        void this.client?.close();
        this.client = undefined;
        this.changed.fire();
      }),
      keyStore.onDidChange(() => this.changed.fire()),
    );
  }

  settings(): Settings {
    return readSettings();
  }

  profile(): ProviderProfile {
    return activeProfile(this.settings());
  }

  async requestContext(): Promise<RequestContext> {
    const settings = this.settings();
    const profile = activeProfile(settings);
    return buildRequestContext(settings, await this.keyStore.get(profile.id), this.env, profile);
  }

  async summary(): Promise<ConnectionSummary> {
    const settings = this.settings();
    return summarise(settings, await this.keyStore.get(activeProfile(settings).id), this.env);
  }

  async streamMessage(http: HttpRequest, options: StreamOptions): Promise<StreamResult> {
    return (await this.httpClient()).streamMessage(http, options);
  }

  /** The client bundle and a client built from the current settings. */
  async bundle(): Promise<{ bundle: ClientBundle; client: Client }> {
    const bundle = await this.loadClientBundle();
    return { bundle, client: await this.httpClient() };
  }

  dispose(): void {
    void this.client?.close();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private async httpClient(): Promise<Client> {
    if (this.client) return this.client;
    const { MessagesClient } = await this.loadClientBundle();
    const settings = this.settings();
    this.client ??= new MessagesClient(this.log, {
      maxRetries: settings.maxRetries,
      connectTimeoutMs: settings.connectTimeoutMs,
      idleTimeoutMs: settings.idleTimeoutMs,
      proxy: settings.proxy,
    });
    return this.client;
  }
}
