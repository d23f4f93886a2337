// One conversation: the transcript, the turn in flight, and how a turn becomes a request. Pure.
import type { StreamOptions, StreamResult } from '../api/messagesClient';
import { buildMessagesRequest, type Endpoint, type HttpRequest } from '../api/messagesRequest';
import type { MessageParam } from '../api/types';
import type { Credentials } from '../auth/credentials';
import type { ModelInfo } from '../providers/modelCatalog';
import type { HostToWebview, Turn } from '../webview/protocol';
import { SetupError, describeError } from './errorAdvice';

/** Everything a request needs, read fresh for each turn so setting changes apply at once. */
export interface RequestContext {
  endpoint: Endpoint;
  /** Undefined when no key is set; `SetupError`s are thrown by the resolver for broken settings. */
  credentials: Credentials | undefined;
  model: string;
  /** What the model id says about limits, thinking, tools and prices. */
  modelInfo: ModelInfo;
  maxTokens: number;
  host: string;
}

export interface MessageStreamer {
  streamMessage(http: HttpRequest, options: StreamOptions): Promise<StreamResult>;
}

export type SessionEvent = Extract<HostToWebview, { type: 'turnAdded' | 'turnText' | 'turnUpdated' | 'busy' }>;

export class ChatSession {
  private turns: Turn[] = [];
  private inFlight: AbortController | undefined;
  private nextId = 1;

  constructor(
    private readonly streamer: MessageStreamer,
    private readonly resolveContext: () => Promise<RequestContext>,
    private readonly emit: (event: SessionEvent) => void,
  ) {}

  get transcript(): readonly Turn[] {
    return this.turns;
  }

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** Adds the user's text and streams the reply. Resolves when the turn has ended, however it ended. */
  async send(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed || this.busy) return;
    this.addTurn({ id: this.newId(), role: 'user', text: trimmed, status: 'done' });
    await this.runAssistantTurn();
  }

  /** Drops the failed reply, if the last turn is one, and asks again. */
  async retry(): Promise<void> {
    if (this.busy) return;
    const last = this.turns[this.turns.length - 1];
    if (last?.role === 'assistant' && last.status === 'error' && !last.text) this.turns.pop();
    if (this.turns[this.turns.length - 1]?.role !== 'user') return;
    await this.runAssistantTurn();
  }

  stop(): void {
    this.inFlight?.abort(new StopRequested());
  }

  clear(): void {
    this.stop();
    this.turns = [];
  }

  private async runAssistantTurn(): Promise<void> {
    const controller = new AbortController();
    this.inFlight = controller;
    this.emit({ type: 'busy', busy: true });
    const turn: Turn = { id: this.newId(), role: 'assistant', text: '', status: 'streaming' };
    const history = this.requestMessages();
    this.addTurn(turn);
    let context: RequestContext | undefined;
    try {
      context = await this.resolveContext();
      if (!context.credentials) throw missingKey();
      const http = buildMessagesRequest(context.endpoint, context.credentials, {
        model: context.model,
        max_tokens: context.maxTokens,
        messages: history,
        stream: true,
      });
      await this.streamer.streamMessage(http, {
        signal: controller.signal,
        onDelta: (delta) => {
          if (delta.type !== 'text' || controller.signal.aborted) return;
          turn.text += delta.text;
          this.emit({ type: 'turnText', id: turn.id, append: delta.text });
        },
      });
      turn.status = 'done';
    } catch (error) {
      if (controller.signal.aborted) {
        turn.status = 'stopped';
      } else {
        turn.status = 'error';
        turn.error = describeError(error, {
          host: context?.host ?? 'the provider',
          model: context?.model ?? '',
          headerStyle: context?.credentials?.headerStyle,
        });
      }
    } finally {
      this.inFlight = undefined;
      // A cleared conversation no longer holds this turn; nothing more to report for it.
      if (this.turns.includes(turn)) this.emit({ type: 'turnUpdated', turn: { ...turn } });
      this.emit({ type: 'busy', busy: false });
    }
  }

  /** The API's view of the transcript: what the user saw, without failed or empty replies. */
  private requestMessages(): MessageParam[] {
    return this.turns
      .filter((turn) => turn.text.length > 0)
      .map((turn) => ({ role: turn.role, content: turn.text }));
  }

  private addTurn(turn: Turn): void {
    this.turns.push(turn);
    this.emit({ type: 'turnAdded', turn: { ...turn } });
  }

  private newId(): string {
    return `t${this.nextId++}`;
  }
}

class StopRequested extends Error {
  constructor() {
    super('Stopped by the user.');
    this.name = 'AbortError';
  }
}

function missingKey(): SetupError {
  return new SetupError(
    'No API key is set. Run "Claude Assistant: Set API Key", or set ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN before starting VS Code.',
    ['setApiKey'],
  );
}
