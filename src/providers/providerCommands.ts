// Commands that choose where requests go: profile, model, key, and the connection test.
import * as vscode from 'vscode';
import type { ProbeReport } from '../api/providerProbe';
import type { AuthHeaderStyle } from '../auth/credentials';
import { checkBaseUrl } from '../auth/credentials';
import { effectiveAuthHeader, effectiveModel } from './requestContext';
import { joinSafe, safeMessage, showError, showInformation } from '../common/vscodeMessages';
import { neutralize } from '../common/untrustedText';
import type { ConnectionService } from './connectionService';
import { describeRefusals } from './gatewayFacts';
import { describeHeaderFact, describeToolForms } from './learnedFacts';
import { lifecycleNote } from './liveModels';
import type { ModelInfo } from './modelCatalog';
import { resolveProfiles, type ProviderProfile } from './profiles';

const HEADER_LABELS: Record<AuthHeaderStyle, string> = { 'x-api-key': 'x-api-key', bearer: 'Authorization: Bearer', both: 'x-api-key and Authorization: Bearer' };

export function registerProviderCommands(connection: ConnectionService): vscode.Disposable[] {
  const commands = new ProviderCommands(connection);
  connection.askBaseUrl = (profile) => commands.askBaseUrl(profile);
  return [
    vscode.commands.registerCommand('claudeAssistant.selectProfile', () => commands.selectProfile()),
    vscode.commands.registerCommand('claudeAssistant.selectModel', () => commands.selectModel()),
    vscode.commands.registerCommand('claudeAssistant.setApiKey', () => commands.setApiKey()),
    vscode.commands.registerCommand('claudeAssistant.clearApiKey', () => commands.clearApiKey()),
    vscode.commands.registerCommand('claudeAssistant.testConnection', () => commands.testConnection()),
    // Run from the chat's error box; not in the Command Palette.
    vscode.commands.registerCommand('claudeAssistant.useDefaultModel', () => commands.useDefaultModel()),
  ];
}

class ProviderCommands {
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
      const set = await showInformation(safeMessage`Claude Assistant: no API key is stored for ${profile.name}.`, 'Set API Key');
      if (set) await this.setApiKey();
    }
    // A header form the documentation leaves out is learned from the first message's answer.
  }

  async selectModel(): Promise<void> {
    const settings = this.connection.settings();
    const profile = this.connection.profile();
    let live = this.connection.liveModels();
    if (!live) {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Listing ${profile.name} models` }, () => this.connection.refreshCatalogue(true));
      live = this.connection.liveModels();
    }
    const current = effectiveModel(settings, profile, live);
    const listed = live?.map((model) => model.id);
    const ids = [...new Set([...(current ? [current] : []), ...(listed ?? []), ...profile.models])];
    const typeOwn = { label: '$(edit) Enter a model id…', alwaysShow: true, id: undefined as string | undefined };
    const items = [
      ...ids.map((id) => ({ label: id, description: describeModel(this.connection.modelInfo(id)), detail: id === current ? 'current' : undefined, id: id as string | undefined })),
      typeOwn,
    ];
    const picked = await vscode.window.showQuickPick(items, { title: `Claude Assistant: Select Model (${profile.name})`, placeHolder: listed ? 'Documented and listed models' : 'Documented models; any id the provider accepts works' });
    if (!picked) return;
    const id = picked.id ?? (await vscode.window.showInputBox({ title: 'Model id', prompt: `Exactly as ${neutralize(profile.name)} spells it`, value: current, validateInput: (value) => (value.trim() ? undefined : 'Enter a model id.') }))?.trim();
    if (id) await this.connection.updateSetting('model', id);
  }

  /** Clears the model setting, so the profile's default (never a retired model) is used. */
  async useDefaultModel(): Promise<void> {
    await this.connection.updateSetting('model', undefined);
    // The workspace's model would still win over the user's: the user asked for the default, so it
    // goes too (a workspace in Restricted Mode is not heeded, so it is left alone).
    await this.connection.clearWorkspaceSetting('model');
    const model = effectiveModel(this.connection.settings(), this.connection.profile(), this.connection.liveModels());
    this.connection.log.info(`Switched to ${this.connection.profile().name}'s default model, ${model ?? 'none'}.`);
  }

  async setApiKey(): Promise<boolean> {
    const profile = this.connection.profile();
    const key = await vscode.window.showInputBox({
      title: `Claude Assistant: Set API Key (${profile.name})`,
      prompt: `The API key for ${neutralize(profile.name)}. It is kept in VS Code's secret storage.`,
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
      void showError(safeMessage`Claude Assistant: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (!context.credentials) {
      void showError(safeMessage`Claude Assistant: set an API key for ${profile.name} first.`);
      return;
    }
    const key = context.credentials.key;
    const configured = effectiveAuthHeader(settings, profile);
    // Unknown or only learned: the probe may try both forms, and what works is learned.
    const headerStyle = context.headerLearning ? undefined : context.credentials.headerStyle;
    const { bundle, client } = await this.connection.bundle();
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Claude Assistant: testing the connection to ${neutralize(profile.name)}…`, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return bundle.probeConnection(client.dispatcher, { endpoint: context.endpoint, key, headerStyle, model: context.model, idleTimeoutMs: settings.idleTimeoutMs, signal: abort.signal });
      },
    );
    if (report.workingStyle) void this.connection.refreshCatalogue(true);
    const lines = bundle.describeProbe(report, context.host);
    this.connection.log.info(`Test Connection to ${profile.name} (${context.host}), model ${context.model}:\n  ${lines.join('\n  ')}`);
    await this.reportProbe(profile, context.endpoint.baseUrl, context.host, context.model, report, configured, lines);
  }

  private async reportProbe(profile: ProviderProfile, baseUrl: string, host: string, model: string, report: ProbeReport, configured: AuthHeaderStyle | undefined, lines: string[]): Promise<void> {
    const answered = report.attempts.find((attempt) => attempt.headerStyle === report.workingStyle);
    if (!report.workingStyle || !answered) {
      const last = report.attempts[report.attempts.length - 1];
      const actions = last?.status === 401 || last?.status === 403 ? ['Set API Key', 'Show Log'] : ['Show Log'];
      const choice = await showError(safeMessage`Claude Assistant could not use ${host}. ${joinSafe(lines.map((line) => safeMessage`${line}`), ' ')}`, ...actions);
      if (choice === 'Set API Key') await this.setApiKey();
      if (choice === 'Show Log') this.connection.log.show(true);
      return;
    }
    // The model that answered, the request id and the error texts are the provider's: untrusted.
    const requestId = answered.requestId ? `, request id ${answered.requestId}` : '';
    const listed = report.models ? ` ${report.models.length} models listed${report.modelListed === false ? ', not including the chosen one' : ''}.` : '';
    // What this provider was found to refuse (cache_control, count_tokens), and from which answer.
    // and the form of tools it takes, per model.
    const learnedHere = this.connection.learned.factsFor(profile.id, baseUrl);
    const refusals = [...describeRefusals(this.connection.gatewayFacts?.factsFor(profile.id, baseUrl)), ...describeToolForms(profile.toolForm ?? 'auto', learnedHere, model)]
      .map((line) => ` ${line}`).join('');
    this.connection.log.info(`Test Connection to ${profile.name}:${refusals}`);
    const summary = safeMessage`Claude Assistant: connected to ${host} in ${answered.latencyMs} ms (HTTP ${answered.status}, ${answered.detail}${requestId}).${listed}${refusals}`;
    if (configured && report.workingStyle !== configured) {
      const label = HEADER_LABELS[report.workingStyle];
      const choice = await showInformation(safeMessage`${summary} It rejected ${HEADER_LABELS[configured]} but accepted ${label}. Send the key as ${label} from now on?`, `Use ${label}`);
      if (choice) await saveProfileField(this.connection, this.connection.settings().profiles, profile.id, 'authHeader', report.workingStyle);
      return;
    }
    // A form learned already keeps the answer it was learned from; Test Connection records only news.
    if (!configured && report.workingStyle !== 'both' && learnedHere?.headerForm?.value !== report.workingStyle) {
      await this.connection.learned.recordHeaderForm(profile.id, baseUrl, report.workingStyle, `Test Connection: HTTP ${answered.status} to POST /v1/messages${requestId}`);
    }
    const fact = describeHeaderFact(this.connection.learnedFacts()?.headerForm);
    if (!fact || configured) {
      void showInformation(summary);
      return;
    }
    const forget = 'Forget Learned Header';
    if ((await showInformation(safeMessage`${summary} ${fact}`, forget)) === forget) {
      await this.connection.learned.forget(profile.id);
      vscode.window.setStatusBarMessage(`$(check) Claude Assistant: ${profile.name}'s key header will be learned again on the next message`, 5_000);
    }
  }

  /** Asks for a base URL the profile's documentation leaves out, and keeps it in the user's profiles. */
  async askBaseUrl(profile: ProviderProfile): Promise<boolean> {
    // Neutralised whole, so the parentheses must not be its own: they would turn into look-alikes.
    const where = profile.documentation ? ` at ${profile.documentation}` : '';
    const value = await vscode.window.showInputBox({
      title: `Base URL for ${profile.name}`,
      prompt: `${neutralize(profile.name)}'s documentation does not state its base URL. Enter the one from your account${neutralize(where)}, without /v1/messages.`,
      placeHolder: 'https://…',
      ignoreFocusOut: true,
      validateInput: (input) => checkBaseUrl(input.trim()),
    });
    if (!value) return false;
    await saveProfileField(this.connection, this.connection.settings().profiles, profile.id, 'baseUrl', value.trim());
    return true;
  }

  private async profileDetail(profile: ProviderProfile): Promise<string> {
    const parts = [profile.baseUrl ?? 'base URL needed', profile.authHeader ? HEADER_LABELS[profile.authHeader] : 'key header learned on the first message'];
    parts.push((await this.connection.keyStore.get(profile.id)) ? 'key stored' : 'no key stored');
    if (profile.useEnvironmentKey) parts.push('environment keys allowed');
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
  if (!info.known && info.source !== 'live') parts.push('unknown model: safe defaults');
  const lifecycle = lifecycleNote(info);
  if (lifecycle) parts.unshift(`$(warning) ${lifecycle}`);
  return parts.join(' · ');
}
