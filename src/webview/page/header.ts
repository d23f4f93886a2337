// The panel header: model and provider pickers (the host runs the commands), the thinking toggle
// with a budget or an effort as the model takes, and the conversation's usage and context in use.
import type { ConnectionSummary, HeaderState, ThinkingPreferences, Turn, WebviewToHost } from '../protocol';
import { THINKING_BUDGETS, THINKING_EFFORTS } from '../protocol';
import { contextInUse, conversationTotals, describeUsageLong, formatCost, formatTokens } from '../usageSummary';

export class Header {
  private readonly modelButton: HTMLButtonElement;
  private readonly modelLabel: HTMLElement;
  private readonly profileButton: HTMLButtonElement;
  private readonly profileLabel: HTMLElement;
  private readonly thinkingBox: HTMLInputElement;
  private readonly thinkingRow: HTMLElement;
  private readonly budget: HTMLSelectElement;
  private readonly effort: HTMLSelectElement;
  private readonly usage: HTMLElement;
  private readonly title: HTMLElement;
  private state: HeaderState | undefined;
  private connection: ConnectionSummary | undefined;

  constructor(
    root: HTMLElement,
    private readonly post: (message: WebviewToHost) => void,
  ) {
    const find = <T extends Element>(selector: string): T => root.querySelector(selector) as T;
    this.modelButton = find('#model');
    this.modelLabel = find('#model-label');
    this.profileButton = find('#profile');
    this.profileLabel = find('#profile-label');
    this.thinkingBox = find('#thinking');
    this.thinkingRow = find('#thinking-controls');
    this.budget = find('#thinking-budget');
    this.effort = find('#thinking-effort');
    this.usage = find('#usage-summary');
    this.title = find('#conversation-title');
    for (const tokens of THINKING_BUDGETS) this.budget.append(new Option(budgetLabel(tokens), String(tokens)));
    this.showEfforts(THINKING_EFFORTS.slice(0, 3));
    this.modelButton.addEventListener('click', () => post({ type: 'command', command: 'selectModel' }));
    this.profileButton.addEventListener('click', () => post({ type: 'command', command: 'selectProfile' }));
    find('#history').addEventListener('click', () => post({ type: 'command', command: 'showHistory' }));
    find('#new-chat').addEventListener('click', () => post({ type: 'command', command: 'newChat' }));
    this.thinkingBox.addEventListener('change', () => this.setThinking({ enabled: this.thinkingBox.checked }));
    this.budget.addEventListener('change', () => this.setThinking({ budgetTokens: Number(this.budget.value) }));
    this.effort.addEventListener('change', () => this.setThinking({ effort: this.effort.value as ThinkingPreferences['effort'] }));
  }

  showConnection(connection: ConnectionSummary): void {
    this.connection = connection;
    const key = connection.hasCredentials ? `key from ${connection.credentialSource}` : 'no API key';
    const profile = connection.profile ?? connection.host;
    this.profileLabel.textContent = profile;
    this.profileButton.title = `${profile}: ${connection.host}, ${key}. Choose another provider profile.`;
    this.profileButton.setAttribute('aria-label', `Provider: ${profile} (${connection.host}, ${key}). Choose another`);
    this.showModel();
  }

  showHeader(state: HeaderState): void {
    this.state = state;
    this.showModel();
    const { thinkingMode, thinking } = state;
    const supported = thinkingMode === 'adaptive' || thinkingMode === 'enabled';
    this.thinkingRow.hidden = !supported;
    this.thinkingBox.checked = supported && thinking.enabled;
    this.budget.hidden = thinkingMode !== 'enabled';
    this.effort.hidden = thinkingMode !== 'adaptive';
    this.budget.disabled = !thinking.enabled;
    this.effort.disabled = !thinking.enabled;
    if (!THINKING_BUDGETS.includes(thinking.budgetTokens)) this.budget.append(new Option(budgetLabel(thinking.budgetTokens), String(thinking.budgetTokens)));
    this.budget.value = String(thinking.budgetTokens);
    this.showEfforts(state.effortLevels);
    this.effort.hidden = thinkingMode !== 'adaptive' || state.effortLevels.length === 0;
    // A level the model does not take is shown as the nearest one below that it does.
    const levels = state.effortLevels;
    this.effort.value = levels.includes(thinking.effort) ? thinking.effort : ([...THINKING_EFFORTS.slice(0, THINKING_EFFORTS.indexOf(thinking.effort))].reverse().find((level) => levels.includes(level)) ?? levels[0] ?? '');
  }

  /** The effort options are the model's own levels. */
  private showEfforts(levels: readonly ThinkingPreferences['effort'][]): void {
    const current = [...this.effort.options].map((option) => option.value);
    if (current.length === levels.length && current.every((value, index) => value === levels[index])) return;
    this.effort.replaceChildren(...levels.map((effort) => new Option(effortLabel(effort), effort)));
  }

  showTitle(title: string): void {
    this.title.textContent = title;
    this.title.title = title;
  }

  /** Totals for the conversation and how much of the context window the next request starts from. */
  showUsage(turns: readonly Turn[]): void {
    const totals = conversationTotals(turns);
    const used = contextInUse(turns);
    if (totals.inputTokens + totals.outputTokens === 0) {
      this.usage.textContent = '';
      this.usage.removeAttribute('title');
      this.usage.removeAttribute('aria-label');
      return;
    }
    const window = this.state?.contextWindow ?? 0;
    const share = window > 0 ? ` (${Math.round((used / window) * 100)}%)` : '';
    const cost = totals.costUsd !== undefined ? ` · ${formatCost(totals.costUsd)}${totals.turnsWithoutCost > 0 ? '+' : ''}` : '';
    this.usage.textContent = `Context ${formatTokens(used)}${window ? ` / ${formatTokens(window)}` : ''}${share}${cost}`;
    const long = `Conversation: ${describeUsageLong(totals)}${totals.turnsWithoutCost > 0 ? ` (${totals.turnsWithoutCost} replies without prices)` : ''}. Context window in use: ${used} of ${window} tokens.`;
    this.usage.title = long;
    this.usage.setAttribute('aria-label', long);
  }

  private showModel(): void {
    const note = this.state?.lifecycleNote;
    const label = `${this.state?.modelLabel ?? this.connection?.model ?? ''}${note ? ` (${note})` : ''}`;
    this.modelLabel.textContent = label;
    this.modelButton.title = `Model: ${this.connection?.model ?? label}. Choose another model.`;
    this.modelButton.setAttribute('aria-label', `Model: ${label}. Choose another`);
  }

  private setThinking(change: Partial<ThinkingPreferences>): void {
    if (change.enabled !== undefined) {
      this.budget.disabled = !change.enabled;
      this.effort.disabled = !change.enabled;
    }
    this.post({ type: 'setThinking', thinking: change });
  }
}

function effortLabel(effort: string): string {
  return effort === 'xhigh' ? 'Extra high effort' : `${effort[0].toUpperCase()}${effort.slice(1)} effort`;
}

/** Budgets are powers of two: "8K tokens" reads better than "8.2K". */
function budgetLabel(tokens: number): string {
  return tokens % 1024 === 0 ? `${tokens / 1024}K tokens` : `${formatTokens(tokens)} tokens`;
}
