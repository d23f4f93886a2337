// The bash tool in VS Code: one handler per request. Each command is judged by the user's rules
// on its parsed parts; a denied one never runs, an allowed one runs and its card says which rule
// let it, and everything else waits on its card for Run, Edit or Reject. What runs is exactly the
// command the user saw, or their edit of it. Output streams into the card; nothing throws.
import { runWithCard, type CardReply, type ToolCallContext, type ToolHandler, type UpdateCard } from '../conversation/toolHandler';
import type { ToolResultBlock, ToolUseBlock } from '../conversation/transcript';
import type { CommandContext, CommandDecision } from '../tools/shellRules/decideCommand';
import type { CommandRules } from '../tools/shellRules/commandRules';
import type { KnownSecret } from '../auth/knownSecrets';
import { SecretRedaction } from '../tools/secretRedaction';
import { BASH_TOOL_NAME, type BashDefinition, formatShellResult, readBashInput, shellRunFailed, type ShellRun, type ShellSession } from '../tools/shellRun';
import type { CommandConfirmations } from './commandConfirmations';

/** Lets Undo This Turn's Changes snapshot the workspace around each command that really runs. */
export interface CommandTurnHooks {
  /** A command waits for the user's yes: work that can start before it runs. Not awaited; never rejects. */
  prepareCommand?(turnId: string): Promise<void> | void;
  beforeCommand(turnId: string): Promise<void>;
  afterCommand(turnId: string): Promise<void>;
  /** What undo cannot restore of the turn's commands so far, for the card; after `afterCommand`. */
  limitsLine?(turnId: string): string | undefined;
}

/** What the handlers of one window share: the shell of the conversation, the rules, the waiting commands. */
export interface BashWorkspace {
  /** The conversation's shell, started on first use. Rejects when no shell can start. */
  session(): Promise<ShellSession>;
  restart(): Promise<ShellSession>;
  rules(): CommandRules;
  /** Where the command would run and what counts as inside the workspace, for the rules. */
  commandContext(cwd: string): CommandContext;
  decide(command: string, rules: CommandRules, context: CommandContext): Promise<CommandDecision>;
  timeoutMs(): number;
  readonly confirmations: CommandConfirmations;
  readonly hooks: CommandTurnHooks | undefined;
  /** The user's keys, read fresh for each command: none of them reaches the card or the model. */
  secrets(): Promise<KnownSecret[]>;
  /** Workspace files with unsaved changes in an editor: a command reads what is on disk. */
  unsavedFiles?(): string[];
  log(message: string): void;
}

/** Most output a card shows; the model's result has its own cap (head and tail, see OutputCapture). */
const CARD_OUTPUT_LIMIT = 20_000;
/** Output reaches the card at most this often, so a chatty command does not flood the page. */
const OUTPUT_INTERVAL_MS = 150;

type Reply = CardReply<ToolResultBlock>;

export class BashHandler implements ToolHandler {
  readonly name: string;
  readonly definition: { tool: Record<string, unknown>; betas: string[] };

  constructor(tool: BashDefinition, private readonly workspace: BashWorkspace) {
    this.name = BASH_TOOL_NAME;
    this.definition = { tool: tool.tool, betas: tool.betas };
  }

  run(call: ToolUseBlock, context: ToolCallContext): Promise<ToolResultBlock> {
    return runWithCard({ toolUseId: call.id, status: 'running', title: 'Run a command' }, context, (update) => this.dispatch(call, context, update), (message) => ({
      result: errorResult(call.id, `The shell could not run the command: ${message}`), status: 'failed', summary: `Failed: ${message}`,
    }));
  }

  private async dispatch(call: ToolUseBlock, context: ToolCallContext, update: UpdateCard): Promise<Reply> {
    const input = readBashInput(call.input);
    if (!input.ok) return { result: errorResult(call.id, `Invalid input: ${input.error}`), status: 'failed', summary: 'The call was malformed.' };
    if (input.restart) {
      update({ title: 'Restart the shell' });
      const session = await this.workspace.restart();
      return { result: textResult(call.id, `The shell was restarted in ${session.cwd}: the working directory and exported variables are back to their start.`), status: 'applied', summary: 'Restarted the shell.' };
    }
    const session = await this.workspace.session();
    update({ command: input.command });
    const decision = await this.judge(input.command, session.cwd);
    if (decision.outcome === 'deny') {
      return {
        result: errorResult(call.id, `${decision.reason} Nothing ran: the user's rules forbid it. Do not try to run it in another form; ask the user if it is needed.`),
        status: 'rejected',
        summary: decision.reason,
      };
    }
    if (decision.outcome === 'allow') {
      update({ resultSummary: decision.reason });
      return this.execute(call.id, session, input.command, { edited: false, why: decision.reason, timeout: decision.timeout }, context, update);
    }
    update({ status: 'proposed', resultSummary: decision.reason });
    void this.workspace.hooks?.prepareCommand?.(context.turnId);
    const verdict = await this.workspace.confirmations.ask(call.id, input.command, context.signal);
    if (verdict.kind === 'cancelled') return cancelled(call.id);
    if (verdict.kind === 'reject') {
      const because = verdict.reason ? ` Their reason, in their words: "${verdict.reason}"` : ' Ask them what they would like instead.';
      return { result: errorResult(call.id, `The user rejected this command; nothing ran.${because}`), status: 'rejected', summary: verdict.reason ? `Rejected: ${verdict.reason}` : 'Rejected.' };
    }
    let timeout = decision.timeout;
    if (verdict.edited) {
      // The user's own text, but their deny rules still hold: a rule is what they decided in advance.
      const edited = await this.judge(verdict.command, session.cwd);
      update({ command: verdict.command });
      if (edited.outcome === 'deny') {
        return { result: errorResult(call.id, `The user edited the command, and their edit is blocked by their rules. ${edited.reason} Nothing ran.`), status: 'rejected', summary: edited.reason };
      }
      timeout = edited.timeout;
    }
    update({ status: 'running', resultSummary: verdict.edited ? 'Running your edit of the command.' : 'Running, as you confirmed.' });
    return this.execute(call.id, session, verdict.command, { edited: verdict.edited, why: undefined, timeout }, context, update);
  }

  /** The rules' decision; when they cannot be read at all, the command asks (never runs unasked). */
  private async judge(command: string, cwd: string): Promise<CommandDecision> {
    try {
      return await this.workspace.decide(command, this.workspace.rules(), this.workspace.commandContext(cwd));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.workspace.log(`The command rules could not judge a command: ${message}`);
      return { outcome: 'ask', reason: `Asks: the command rules could not read it (${message}).`, parts: [], concerns: [message], ignoredRules: [] };
    }
  }

  private async execute(
    id: string, session: ShellSession, command: string, how: { edited: boolean; why: string | undefined; timeout: CommandDecision['timeout'] },
    context: ToolCallContext, update: UpdateCard,
  ): Promise<Reply> {
    // Stopped before it started: nothing runs, so there is nothing to snapshot either.
    if (context.signal.aborted) return cancelled(id);
    const output = new CardOutput((text) => update({ output: text }));
    const unsaved = this.workspace.unsavedFiles?.() ?? [];
    const redaction = new SecretRedaction(await this.workspace.secrets());
    const hooks = this.workspace.hooks;
    await this.hook(() => hooks?.beforeCommand(context.turnId));
    let run: ShellRun;
    try {
      const timeoutMs = how.timeout ? how.timeout.seconds * 1000 : this.workspace.timeoutMs();
      run = await session.run(command, { timeoutMs, signal: context.signal, onOutput: (chunk) => output.append(chunk), redaction });
    } finally {
      output.flush();
      await this.hook(() => hooks?.afterCommand(context.turnId));
    }
    const edited = how.edited ? `The user edited the command before it ran; it ran as:\n${redaction.redact(command)}\n\n` : '';
    const stale = unsavedNote(unsaved);
    const content = edited + formatShellResult(run) + (stale ? `\n${stale}` : '');
    const failed = shellRunFailed(run);
    // It ran, so the workspace may have changed even if it failed: the turn offers its undo.
    update({ ranCommand: true });
    const timeoutRule = how.timeout && `Timeout ${how.timeout.seconds} s, by rule \`${how.timeout.pattern}\`.`;
    const summary = [how.why, timeoutRule, endSummary(run), stale, hooks?.limitsLine?.(context.turnId)].filter(Boolean).join(' ');
    if (run.cancelled) return { result: errorResult(id, content), status: 'cancelled', summary };
    return { result: failed ? errorResult(id, content) : textResult(id, content), status: failed ? 'failed' : 'applied', summary };
  }

  /** A hook's failure costs the undo of this command, not the command. */
  private async hook(call: () => Promise<void> | undefined): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.workspace.log(`The command's snapshot hook failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Says which files the command could not see as the editor shows them; none: undefined. */
function unsavedNote(files: readonly string[]): string | undefined {
  if (files.length === 0) return undefined;
  const named = files.slice(0, 5).join(', ') + (files.length > 5 ? ` and ${files.length - 5} more` : '');
  return `Unsaved in the editor when it ran, so it read the saved version: ${named}.`;
}

/** The output as the card shows it: the latest part when long, sent at most every OUTPUT_INTERVAL_MS. */
class CardOutput {
  private text = '';
  private cut = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly show: (text: string) => void) {}

  append(chunk: string): void {
    this.text += chunk;
    if (this.text.length > CARD_OUTPUT_LIMIT) {
      this.text = this.text.slice(-CARD_OUTPUT_LIMIT);
      this.cut = true;
    }
    this.timer ??= setTimeout(() => this.flush(), OUTPUT_INTERVAL_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.text !== '' || this.cut) this.show(this.cut ? `[… earlier output not shown here …]\n${this.text}` : this.text);
  }
}

function endSummary(run: ShellRun): string {
  if (run.timedOut) return `Timed out after ${Math.round(run.timeoutMs / 1000)} s; every process it started was stopped.`;
  if (run.cancelled) return 'Stopped; every process it started was stopped.';
  if (run.signal !== null) return `Killed by ${run.signal}.`;
  return `Exit code ${run.exitCode ?? 0}.`;
}

function cancelled(id: string): Reply {
  return { result: errorResult(id, 'Cancelled by the user; nothing ran.'), status: 'cancelled', summary: 'Cancelled.' };
}

function textResult(id: string, content: string): ToolResultBlock {
  return { type: 'tool_result', toolUseId: id, content };
}

function errorResult(id: string, content: string): ToolResultBlock {
  return { type: 'tool_result', toolUseId: id, content, isError: true };
}
