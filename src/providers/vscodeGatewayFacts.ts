// Keeps what providers were found to refuse in the extension's global state: nothing here is the
// user's choice, and nothing here is secret.
import type * as vscode from 'vscode';
import { gatewayFactsFor, parseGatewayFacts, withRefusal, type GatewayFacts, type GatewayMemory, type ProfileGatewayFacts } from './gatewayFacts';

const STATE_KEY = 'claudeAssistant.gatewayFacts';

export class GatewayFactsStore {
  constructor(private readonly state: vscode.Memento, private readonly now: () => number = Date.now) {}

  all(): GatewayFacts {
    return parseGatewayFacts(this.state.get<unknown>(STATE_KEY));
  }

  factsFor(profileId: string, baseUrl: string): ProfileGatewayFacts | undefined {
    return gatewayFactsFor(this.all(), profileId, baseUrl);
  }

  /** The memory one request uses: what its profile's provider refuses, and a way to add to it. */
  memoryFor(profileId: string, baseUrl: string): GatewayMemory {
    return {
      refuses: (feature) => this.factsFor(profileId, baseUrl)?.refused[feature] !== undefined,
      remember: (feature, evidence) => Promise.resolve(this.state.update(STATE_KEY, withRefusal(this.all(), profileId, baseUrl, feature, { learnedAt: this.now(), evidence }))),
    };
  }
}
