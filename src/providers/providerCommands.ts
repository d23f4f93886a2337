// Commands that choose where requests go: profile, model, key, and the connection test.
import * as vscode from 'vscode';
import type { ProbeReport } from '../api/providerProbe';
import type { AuthHeaderStyle } from '../auth/credentials';
import { checkBaseUrl } from '../auth/credentials';
import { effectiveAuthHeader, effectiveBaseUrl, effectiveModel } from './requestContext';
import type { ConnectionService } from './connectionService';
import { resolveModelInfo, type ModelInfo } from './modelCatalog';
import { resolveProfiles, type ProviderProfile } from './profiles';
import { describeRefusals } from './gatewayFacts';

const HEADER_LABELS: Record<AuthHeaderStyle, string> = { 'x-api-key': 'x-api-key', bearer: 'Authorization: Bearer', both: 'x-api-key and Authorization: Bearer' };

export function registerProviderCommands(connection: ConnectionService): vscode.Disposable[] {
  const commands = new ProviderCommands(connection);
  return [
    vscode.commands.registerCommand('claudeAssistant.selectProfile', () => commands.selectProfile()),
    vscode.commands.registerCommand('claudeAssistant.selectModel', () => commands.selectModel()),
    vscode.commands.registerCommand('claudeAssistant.setApiKey', () => commands.setApiKey()),
    vscode.commands.registerCommand('claudeAssistant.clearApiKey', () => commands.clearApiKey()),
    vscode.commands.registerCommand('claudeAssistant.testConnection', () => commands.testConnection()),
  ];
}

class ProviderCommands {
  /** Ids from GET /v1/models, per profile, for this window's lifetime. */
  private readonly listedModels = new Map<string, string[]>();

  constructor(private readonly connection: ConnectionService) {}

  async selectProfile(): Promise<void> {
    const settings = this.connection.settings();
    const { profiles } = resolveProfiles(settings.profiles);
    const items = await Promise.all(profiles.map(async (profile) => ({
      label: profile.name,
      description: profile.id === settings.profile ? 'active' : undefined,
      detail: await this.profileDetail(profile),
      profile,
    })));
    const picked = await vscode.window.showQuickPick(items, { title: 'Claude Assistant: Select Provider Profile', placeHolder: 'Where should requests go?', matchOnDetail: true });
    if (!picked) return;
    const profile = picked.profile;
    await this.connection.updateSetting('profile', profile.id);
    // A model id from another provider rarely works here (Qingbo spells ids with dots).
    if (settings.model && profile.models.length > 0 && !profile.models.includes(settings.model)) await this.connection.updateSetting('model', undefined);
    if (!profile.baseUrl && !settings.baseUrl && !(await this.askBaseUrl(profile))) return;
    if (!(await this.connection.keyStore.get(profile.id))) {
      const set = await vscode.window.showInformationMessage(`Claude Assistant: no API key is stored for ${profile.name}.`, 'Set API Key');
      if (!set || !(await this.setApiKey())) return;
    }
    // The documentation does not say which header carries the key: find out now.
    if (!effectiveAuthHeader(this.connection.settings(), profile)) await this.testConnection();
  }

  async selectModel(): Promise<void> {
    const settings = this.connection.settings();
    const profile = this.connection.profile();
    const current = effectiveModel(settings, profile);
    const listed = this.listedModels.get(profile.id) ?? (await this.fetchModels(profile));
    const ids = [...new Set([...(current ? [current] : []), ...profile.models, ...(listed ?? [])])];
    const typeOwn = { label: '$(edit) Enter a model id…', alwaysShow: true, id: undefined as string | undefined };
    const items = [
      ...ids.map((id) => ({ label: id, description: describeModel(resolveModelInfo(id, settings.modelOverrides)), detail: id === current ? 'current' : undefined, id: id as string | undefined })),
      typeOwn,
    ];
    const picked = await vscode.window.showQuickPick(items, { title: `Claude Assistant: Select Model (${profile.name})`, placeHolder: listed ? 'Documented and listed models' : 'Documented models; any id the provider accepts works' });
    if (!picked) return;
    const id = picked.id ?? (await vscode.window.showInputBox({ title: 'Model id', prompt: `Exactly as ${profile.name} spells it`, value: current, validateInput: (value) => (value.trim() ? undefined : 'Enter a model id.') }))?.trim();
    if (id) await this.connection.updateSetting('model', id);
  }

  async setApiKey(): Promise<boolean> {
    const profile = this.connection.profile();
    const key = await vscode.window.showInputBox({
      title: `Claude Assistant: Set API Key (${profile.name})`,
      prompt: `The API key for ${profile.name}. It is kept in VS Code's secret storage.`,
      placeHolder: 'sk-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'The key cannot be empty.'),
    });
    if (key === undefined) return false;
    await this.connection.keyStore.set(profile.id, key);
    this.connection.log.info(`API key for ${profile.name} saved to SecretStorage.`);
    vscode.window.setStatusBarMessage(`$(key) Claude Assistant: API key for ${profile.name} saved`, 5_000);
    return true;
  }

  async clearApiKey(): Promise<void> {
    const profile = this.connection.profile();
    await this.connection.keyStore.clear(profile.id);
    this.connection.log.info(`API key for ${profile.name} removed from SecretStorage.`);
    vscode.window.setStatusBarMessage(`$(key) Claude Assistant: API key for ${profile.name} removed`, 5_000);
  }

  async testConnection(): Promise<void> {
    const settings = this.connection.settings();
    const profile = this.connection.profile();
    let context;
    try {
      context = await this.connection.requestContext();
    } catch (error) {
      // An unknown header form is exactly what the test finds out; other setup problems are not.
      if (!(error instanceof Error && error.name === 'SetupError' && !effectiveAuthHeader(settings, profile))) {
        void vscode.window.showErrorMessage(`Claude Assistant: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    }
    const baseUrl = effectiveBaseUrl(settings, profile, process.env);
    const model = effectiveModel(settings, profile);
    const key = context?.credentials?.key ?? (await this.connection.keyStore.get(profile.id)) ?? process.env.ANTHROPIC_API_KEY;
    if (!baseUrl || !model || !key) {
      void vscode.window.showErrorMessage(`Claude Assistant: set ${!baseUrl ? 'a base URL' : !model ? 'a model' : 'an API key'} for ${profile.name} first.`);
      return;
    }
    const headerStyle = context?.credentials?.source === 'ANTHROPIC_AUTH_TOKEN' ? 'bearer' : effectiveAuthHeader(settings, profile);
    const { bundle, client } = await this.connection.bundle();
    const endpoint = { baseUrl, anthropicVersion: settings.anthropicVersion ?? profile.anthropicVersion ?? '', extraHeaders: profile.extraHeaders, betas: profile.betas };
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Claude Assistant: testing the connection to ${profile.name}…`, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return bundle.probeConnection(client.dispatcher, { endpoint, key, headerStyle, model, idleTimeoutMs: settings.idleTimeoutMs, signal: abort.signal });
      },
    );
    if (report.models) this.listedModels.set(profile.id, report.models);
    const host = new URL(baseUrl).host;
    const lines = bundle.describeProbe(report, host);
    const refusals = describeRefusals(this.connection.gatewayFacts?.factsFor(profile.id, baseUrl));
    this.connection.log.info(`Test Connection to ${profile.name} (${host}), model ${model}:\n  ${[...lines, ...refusals].join('\n  ')}`);
    await this.reportProbe(profile, host, report, headerStyle, lines, refusals);
  }

  private async reportProbe(profile: ProviderProfile, host: string, report: ProbeReport, configured: AuthHeaderStyle | undefined, lines: string[], refusals: string[]): Promise<void> {
    const answered = report.attempts.find((attempt) => attempt.headerStyle === report.workingStyle);
    if (!report.workingStyle || !answered) {
      const last = report.attempts[report.attempts.length - 1];
      const actions = last?.status === 401 || last?.status === 403 ? ['Set API Key', 'Show Log'] : ['Show Log'];
      const choice = await vscode.window.showErrorMessage(`Claude Assistant could not use ${host}. ${lines.join(' ')}`, ...actions);
      if (choice === 'Set API Key') await this.setApiKey();
      if (choice === 'Show Log') this.connection.log.show(true);
      return;
    }
    const requestId = answered.requestId ? `, request id ${answered.requestId}` : '';
    const listed = report.models ? ` ${report.models.length} models listed${report.modelListed === false ? ', not including the chosen one' : ''}.` : '';
    const summary = [`Claude Assistant: connected to ${host} in ${answered.latencyMs} ms (HTTP ${answered.status}, ${answered.detail}${requestId}).${listed}`, ...refusals].join(' ');
    if (report.workingStyle === configured) {
      void vscode.window.showInformationMessage(summary);
      return;
    }
    const label = HEADER_LABELS[report.workingStyle];
    const question = configured
      ? `${summary} It rejected ${HEADER_LABELS[configured]} but accepted ${label}. Send the key as ${label} from now on?`
      : `${summary} It accepts the key as ${label}. Use that for ${profile.name}?`;
    const choice = await vscode.window.showInformationMessage(question, `Use ${label}`);
    if (choice) await saveProfileField(this.connection, this.connection.settings().profiles, profile.id, 'authHeader', report.workingStyle);
  }

  private async fetchModels(profile: ProviderProfile): Promise<string[] | undefined> {
    try {
      const context = await this.connection.requestContext();
      if (!context.credentials) return undefined;
      const { bundle, client } = await this.connection.bundle();
      const settings = this.connection.settings();
      const models = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Listing ${profile.name} models` }, () =>
        bundle.listModels(client.dispatcher, { endpoint: context.endpoint, key: context.credentials!.key, idleTimeoutMs: Math.min(settings.idleTimeoutMs, 15_000) }, context.credentials!.headerStyle),
      );
      this.listedModels.set(profile.id, models);
      return models;
    } catch (error) {
      this.connection.log.info(`GET /v1/models for ${profile.name} did not answer (${error instanceof Error ? error.message : String(error)}); using the documented list.`);
      this.listedModels.set(profile.id, []);
      return undefined;
    }
  }

  private async askBaseUrl(profile: ProviderProfile): Promise<boolean> {
    const where = profile.documentation ? ` (see ${profile.documentation})` : '';
    const value = await vscode.window.showInputBox({
      title: `Base URL for ${profile.name}`,
      prompt: `${profile.name}'s documentation does not state its base URL. Enter the one from your account${where}, without /v1/messages.`,
      placeHolder: 'https://…',
      ignoreFocusOut: true,
      validateInput: (input) => checkBaseUrl(input.trim()),
    });
    if (!value) return false;
    await saveProfileField(this.connection, this.connection.settings().profiles, profile.id, 'baseUrl', value.trim());
    return true;
  }

  private async profileDetail(profile: ProviderProfile): Promise<string> {
    const parts = [profile.baseUrl ?? 'base URL needed', profile.authHeader ? HEADER_LABELS[profile.authHeader] : 'header form found by Test Connection'];
    parts.push((await this.connection.keyStore.get(profile.id)) ? 'key stored' : 'no key stored');
    return parts.join(' · ');
  }
}

/** Writes one field of a profile into `claudeAssistant.profiles`, adding the entry if needed. */
async function saveProfileField(connection: Pick<ConnectionService, 'updateSetting'>, entries: unknown, id: string, field: string, value: unknown): Promise<void> {
  const list = Array.isArray(entries) ? entries.map((entry: unknown) => (typeof entry === 'object' && entry !== null ? { ...entry } : entry)) : [];
  const existing = list.find((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null && (entry as { id?: unknown }).id === id);
  if (existing) existing[field] = value;
  else list.push({ id, [field]: value });
  await connection.updateSetting('profiles', list);
}

function describeModel(info: ModelInfo): string {
  const k = (tokens: number): string => (tokens >= 1_000_000 ? `${tokens / 1_000_000}M` : `${Math.round(tokens / 1000)}K`);
  const parts = [`${k(info.contextWindow)} context`, `${k(info.maxOutputTokens)} out`];
  if (info.thinkingByGateway) parts.push('thinking by the gateway');
  else if (info.thinking !== 'none') parts.push(`thinking: ${info.thinking}`);
  if (info.prices) parts.push(`$${info.prices.input}/$${info.prices.output} per MTok`);
  if (!info.known) parts.push('unknown model: safe defaults');
  return parts.join(' · ');
}
