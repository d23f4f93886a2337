// Where requests go: the active profile, its key, the HTTP client built from the settings.
// The client bundle (undici) is loaded on first use and rebuilt when network settings change.
import * as vscode from 'vscode';
import type * as ClientBundleModule from '../api/clientBundle';
import type { StreamOptions, StreamResult } from '../api/messagesClient';
import type { HttpRequest } from '../api/messagesRequest';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import type { ConnectionSettings as Settings, ConnectionSummary } from './connectionSettings';
import type { GatewayFactsStore } from './vscodeGatewayFacts';
import type { ProviderProfile } from './profiles';
import { activeProfile, buildRequestContext, requestTarget, summarise, type MessageStreamer, type RequestContext, type RequestTarget } from './requestContext';

/** The connection settings as config.ts reads and writes them. */
export interface ConnectionSettingsSource {
  read(): Settings;
  update(key: string, value: unknown): Promise<void>;
  /** Fires when a setting that shapes requests changed. */
  onDidChange(listener: () => void): vscode.Disposable;
}

export type ClientBundle = typeof ClientBundleModule;
type Client = InstanceType<ClientBundle['MessagesClient']>;

export class ConnectionService implements MessageStreamer, vscode.Disposable {
  private client: Client | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires when the profile, its key or any connection setting changes. */
  readonly onDidChange = this.changed.event;
  /** What providers were found to refuse (cache_control, count_tokens), per profile; set by the composition. */
  gatewayFacts: GatewayFactsStore | undefined;

  constructor(
    readonly keyStore: ApiKeyStore,
    private readonly source: ConnectionSettingsSource,
    private readonly loadClientBundle: () => Promise<ClientBundle>,
    readonly log: vscode.LogOutputChannel,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.disposables.push(
      this.changed,
      source.onDidChange(() => {
        // Timeouts, retries and proxies are fixed when the client is built: build a new one.
        void this.client?.close();
        this.client = undefined;
        this.changed.fire();
      }),
      keyStore.onDidChange(() => this.changed.fire()),
    );
  }

  settings(): Settings {
    return this.source.read();
  }

  updateSetting(key: string, value: unknown): Promise<void> {
    return this.source.update(key, value);
  }

  profile(): ProviderProfile {
    return activeProfile(this.settings());
  }

  async requestContext(): Promise<RequestContext> {
    const settings = this.settings();
    const profile = activeProfile(settings);
    return buildRequestContext(settings, await this.keyStore.get(profile.id), this.env, profile);
  }

  /** Where the next turn's requests go; the credentials stay inside the target. */
  async requestTarget(): Promise<RequestTarget> {
    const context = await this.requestContext();
    return requestTarget(context, this, this.gatewayFacts?.memoryFor(this.profile().id, context.endpoint.baseUrl));
  }

  async summary(): Promise<ConnectionSummary> {
    const settings = this.settings();
    return summarise(settings, await this.keyStore.get(activeProfile(settings).id), this.env);
  }

  async streamMessage(http: HttpRequest, options: StreamOptions): Promise<StreamResult> {
    return (await this.httpClient()).streamMessage(http, options);
  }

  async countTokens(http: HttpRequest, signal?: AbortSignal): Promise<number> {
    return (await this.httpClient()).countTokens(http, signal);
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
