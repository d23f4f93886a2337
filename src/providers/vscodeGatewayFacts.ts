// What providers were found to refuse among the optional things requests carry, as the caching
// code reads it: a view of the refusals kept in the one store of learned facts (vscodeLearnedFacts.ts).
import type * as vscode from 'vscode';
import type { GatewayFacts, GatewayMemory, ProfileGatewayFacts } from './gatewayFacts';
import { LearnedFactsStore } from './vscodeLearnedFacts';

export class GatewayFactsStore {
  private readonly facts: LearnedFactsStore;

  /** Over the store of learned facts; given global state, over a store of its own on it. */
  constructor(source: LearnedFactsStore | vscode.Memento, now: () => number = Date.now) {
    this.facts = source instanceof LearnedFactsStore ? source : new LearnedFactsStore(source, now);
  }

  all(): GatewayFacts {
    return Object.fromEntries(Object.entries(this.facts.all()).map(([id, entry]) => [id, { baseUrl: entry.baseUrl, refused: entry.refused ?? {} }]));
  }

  factsFor(profileId: string, baseUrl: string): ProfileGatewayFacts | undefined {
    const entry = this.facts.factsFor(profileId, baseUrl);
    return entry && { baseUrl: entry.baseUrl, refused: entry.refused ?? {} };
  }

  /** The memory one request uses: what its profile's provider refuses, and a way to add to it. */
  memoryFor(profileId: string, baseUrl: string): GatewayMemory {
    return {
      refuses: (feature) => this.factsFor(profileId, baseUrl)?.refused[feature] !== undefined,
      remember: (feature, evidence) => this.facts.recordRefusal(profileId, baseUrl, feature, evidence),
    };
  }
}
