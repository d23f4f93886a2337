// The webview's handle on its host, typed by the shared protocol.
import type { WebviewToHost } from '../protocol';

/** What the page remembers across reloads of the webview: UI state only. */
export interface PageState {
  draft: string;
}

export interface HostApi {
  postMessage(message: WebviewToHost): void;
  getState(): PageState | undefined;
  setState(state: PageState): void;
}

declare function acquireVsCodeApi(): HostApi;

export function connectToHost(): HostApi {
  return acquireVsCodeApi();
}
