// Where requests go: the active profile, its key, the HTTP client built from the settings.
// The client bundle (undici) is loaded on first use and rebuilt when network settings change.
import * as vscode from 'vscode';
import type * as ClientBundleModule from '../api/clientBundle';
import type { StreamOptions, StreamResult } from '../api/messagesClient';
import type { HttpRequest } from '../api/messagesRequest';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import { knownSecrets, type KnownSecret } from '../auth/knownSecrets';
import type { ConnectionSettings as Settings, ConnectionSummary } from './connectionSettings';
import { factsFor, type ProfileFacts, type ToolForm } from './learnedFacts';
import { findLive, isFresh, mergeModelInfo, parseLiveModel, reviveLiveModel, type LiveModel } from './liveModels';
import { resolveModelInfo, type ModelInfo } from './modelCatalog';
import type { GatewayFactsStore } from './vscodeGatewayFacts';
import type { LearnedFactsStore } from './vscodeLearnedFacts';
import { resolveProfiles, type ProviderProfile } from './profiles';
import { activeProfile, buildRequestContext, effectiveBaseUrl, requestTarget, summarise, type MessageStreamer, type RequestContext, type RequestTarget } from './requestContext';

/** The connection settings as config.ts reads and writes them. */
export interface ConnectionSettingsSource {
  read(): Settings;
  update(key: string, value: unknown): Promise<void>;
  /** Removes the setting from a trusted workspace's settings, where it would win over the user's. */
  clearFromWorkspace(key: string): Promise<void>;
  /** Fires when a setting that shapes requests changed. */
  onDidChange(listener: () => void): vscode.Disposable;
}

export type ClientBundle = typeof ClientBundleModule;
type Client = InstanceType<ClientBundle['MessagesClient']>;

export class ConnectionService implements MessageStreamer, vscode.Disposable {
  private client: Client | undefined;
  /** Profiles whose models list is being fetched. */
  private readonly refreshing = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fires when the profile, its key or any connection setting changes. */
  readonly onDidChange = this.changed.event;
  /** Asks the user for a base URL the profile lacks; set by the provider commands. */
  askBaseUrl: ((profile: ProviderProfile) => Promise<boolean>) | undefined;
  /** What providers were found to refuse (cache_control, count_tokens), per profile; set by the composition. */
  gatewayFacts: GatewayFactsStore | undefined;

  constructor(
    readonly keyStore: ApiKeyStore,
    private readonly source: ConnectionSettingsSource,
    private readonly loadClientBundle: () => Promise<ClientBundle>,
    readonly log: vscode.LogOutputChannel,
    readonly learned: LearnedFactsStore,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.disposables.push(
      this.changed,
      source.onDidChange(() => {
        // Timeouts, retries and proxies are fixed when the client is built: build a new one.
        void this.client?.close();
        this.client = undefined;
        void this.dropMovedFacts();
        this.changed.fire();
      }),
      keyStore.onDidChange(() => this.changed.fire()),
      learned.onDidChange(() => this.changed.fire()),
    );
    // Facts earlier versions kept in stores of their own come over once.
    void learned.migrate((id) => this.profileBaseUrl(id));
  }

  /**
   * What the agent loop learns of a profile's tools (a gateway refusing typed tools), kept with the
   * profile's other facts at its current base URL.
   */
  readonly toolForms = {
    get: (profileId: string, model: string): ToolForm | undefined => {
      const baseUrl = this.profileBaseUrl(profileId);
      return baseUrl ? this.learned.factsFor(profileId, baseUrl)?.toolForms?.[model]?.value : undefined;
    },
    set: (profileId: string, model: string, form: ToolForm, evidence: string): void => {
      const baseUrl = this.profileBaseUrl(profileId);
      if (baseUrl) void this.learned.recordToolForm(profileId, baseUrl, model, form, evidence);
    },
  };

  settings(): Settings {
    return this.source.read();
  }

  updateSetting(key: string, value: unknown): Promise<void> {
    return this.source.update(key, value);
  }

  clearWorkspaceSetting(key: string): Promise<void> {
    return this.source.clearFromWorkspace(key);
  }

  profile(): ProviderProfile {
    return activeProfile(this.settings());
  }

  /** The user's keys: every profile's stored key and the environment's, for the tools to redact. */
  secrets(): Promise<KnownSecret[]> {
    const settings = this.settings();
    const ids = [...resolveProfiles(settings.profiles).profiles.map((profile) => profile.id), activeProfile(settings).id];
    return knownSecrets((id) => this.keyStore.get(id), ids, this.env);
  }

  /**
   * What the next request needs. With `askForMissing`, a base URL the profile's documentation does
   * not state is asked for first (sending a message does that; background work does not).
   */
  async requestContext(options: { askForMissing?: boolean } = {}): Promise<RequestContext> {
    let settings = this.settings();
    let profile = activeProfile(settings);
    if (options.askForMissing && !effectiveBaseUrl(settings, profile, this.env) && this.askBaseUrl && (await this.askBaseUrl(profile))) {
      settings = this.settings();
      profile = activeProfile(settings);
    }
    const baseUrl = effectiveBaseUrl(settings, profile, this.env);
    const facts = baseUrl ? factsFor(this.learned.all(), profile.id, baseUrl) : undefined;
    // Never on the path of sending: a stale list is refreshed for the next request.
    void this.refreshCatalogue();
    return buildRequestContext(settings, await this.keyStore.get(profile.id), this.env, profile, {
      facts,
      liveModels: this.liveModels(),
      record: async (form, evidence) => {
        if (!baseUrl) return;
        await this.learned.recordHeaderForm(profile.id, baseUrl, form, evidence);
        this.log.info(`${profile.name} (${new URL(baseUrl).host}) accepts the key as ${form === 'bearer' ? 'Authorization: Bearer' : form}; remembered for this profile.`);
      },
    });
  }

  /**
   * Where the next turn's requests go; the credentials stay inside the target. Sending asks for a
   * missing base URL first; background work (the context count) passes `askForMissing: false`.
   */
  async requestTarget({ askForMissing = true }: { askForMissing?: boolean } = {}): Promise<RequestTarget> {
    const context = await this.requestContext({ askForMissing });
    return requestTarget(context, this, this.gatewayFacts?.memoryFor(this.profile().id, context.endpoint.baseUrl));
  }

  /** What has been learned about the active profile at its current base URL. */
  learnedFacts(): ProfileFacts | undefined {
    const settings = this.settings();
    const profile = activeProfile(settings);
    const baseUrl = effectiveBaseUrl(settings, profile, this.env);
    return baseUrl ? factsFor(this.learned.all(), profile.id, baseUrl) : undefined;
  }

  async summary(): Promise<ConnectionSummary> {
    const settings = this.settings();
    void this.refreshCatalogue();
    return summarise(settings, await this.keyStore.get(activeProfile(settings).id), this.env, this.liveModels());
  }

  /** The active profile's models as its provider lists them, if it does and the list is for this base URL. */
  liveModels(): LiveModel[] | undefined {
    const settings = this.settings();
    const profile = activeProfile(settings);
    const baseUrl = effectiveBaseUrl(settings, profile, this.env);
    const catalogue = this.learned.catalogue(profile.id);
    if (!baseUrl || !catalogue || catalogue.baseUrl !== baseUrl || catalogue.models.length === 0) return undefined;
    return catalogue.models.map(reviveLiveModel).filter((model): model is LiveModel => model !== undefined);
  }

  /** What is known of a model: the live list, then the static table, then the user's overrides. */
  modelInfo(model: string): ModelInfo {
    return resolveModelInfo(model, this.settings().modelOverrides, mergeModelInfo(model, findLive(this.liveModels(), model)));
  }

  /**
   * Fetches GET /v1/models (every page) in the background when the active profile's copy is older
   * than its TTL, or when \`force\`. Providers that do not serve it are asked again after the TTL.
   */
  async refreshCatalogue(force = false): Promise<void> {
    const settings = this.settings();
    const profile = activeProfile(settings);
    const baseUrl = effectiveBaseUrl(settings, profile, this.env);
    const cached = this.learned.catalogue(profile.id);
    if (!baseUrl || this.refreshing.has(profile.id) || (!force && cached?.baseUrl === baseUrl && isFresh(cached, Date.now()))) return;
    let context: RequestContext;
    try {
      context = buildRequestContext(settings, await this.keyStore.get(profile.id), this.env, profile, { facts: factsFor(this.learned.all(), profile.id, baseUrl) });
    } catch {
      return;
    }
    // Without a key, or before the header form is learned, there is nothing to ask with yet.
    if (!context.credentials || context.headerLearning) return;
    this.refreshing.add(profile.id);
    let models: LiveModel[] = [];
    try {
      const bundle = await this.loadClientBundle();
      const client = await this.httpClient();
      models = await bundle.listModelEntries(client.dispatcher, { endpoint: context.endpoint, key: context.credentials.key, idleTimeoutMs: Math.min(settings.idleTimeoutMs, 15_000) }, context.credentials.headerStyle, parseLiveModel);
      this.log.info(`GET /v1/models for ${profile.name}: ${models.length} models${models.some((model) => model.lifecycle) ? ', with lifecycle and capabilities' : ', ids only'}.`);
    } catch (error) {
      this.log.info(`GET /v1/models for ${profile.name} did not answer (${error instanceof Error ? error.message : String(error)}); the documented models and the static table are used.`);
    } finally {
      this.refreshing.delete(profile.id);
    }
    await this.learned.saveCatalogue(profile.id, { baseUrl, fetchedAt: Date.now(), models });
    this.changed.fire();
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

  /** A profile given another base URL forgets what its old one taught. */
  private async dropMovedFacts(): Promise<void> {
    await this.learned.dropMoved((id) => this.profileBaseUrl(id));
  }

  /** Where a profile's requests go now; undefined for a profile that is gone or has no base URL yet. */
  private profileBaseUrl(id: string): string | undefined {
    const settings = this.settings();
    const profile = resolveProfiles(settings.profiles).profiles.find((candidate) => candidate.id === id);
    if (!profile) return undefined;
    // The baseUrl override applies to the active profile only.
    return effectiveBaseUrl(id === settings.profile ? settings : { ...settings, baseUrl: undefined }, profile, this.env);
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
