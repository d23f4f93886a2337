// The one message protocol between the extension host and the chat webview.
// The host owns the transcript; the page renders what it is sent and keeps only UI state.

export type TurnRole = 'user' | 'assistant';
export type TurnStatus = 'streaming' | 'done' | 'stopped' | 'error';

/** A fix the page can offer next to an error; the host carries it out. */
export type ErrorAction = 'retry' | 'setApiKey' | 'openSettings' | 'showLog';

export interface TurnError {
  title: string;
  detail: string;
  actions: ErrorAction[];
}

export interface Turn {
  id: string;
  role: TurnRole;
  text: string;
  status: TurnStatus;
  error?: TurnError;
}

/** What the header shows about where requests go. */
export interface ConnectionSummary {
  model: string;
  host: string;
  hasCredentials: boolean;
  /** Where the credentials come from, e.g. "SecretStorage" or "ANTHROPIC_API_KEY"; never the key. */
  credentialSource?: string;
}

export interface ChatSnapshot {
  turns: Turn[];
  busy: boolean;
  connection: ConnectionSummary;
}

export type HostToWebview =
  | { type: 'snapshot'; snapshot: ChatSnapshot }
  | { type: 'turnAdded'; turn: Turn }
  | { type: 'turnText'; id: string; append: string }
  | { type: 'turnUpdated'; turn: Turn }
  | { type: 'busy'; busy: boolean }
  | { type: 'connection'; connection: ConnectionSummary };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'action'; action: ErrorAction };
