// Keeps what providers have shown they accept in the extension's global state (not in settings:
// nothing here is the user's choice, and nothing here is secret): one entry per profile, with the
// base URL it was learned at. Earlier versions kept three stores; their facts are moved here once.
// Uses `vscode` only as types, so that plain Node tests can run it over a Map.
import type * as vscode from 'vscode';
import type { FeatureRefusal, OptionalFeature } from './gatewayFacts';
import type { Catalogue } from './liveModels';
import {
  factsFor, migrateLegacyFacts, parseLearnedFacts, withHeaderForm, withoutMoved, withoutProfile, withRefusal, withToolForm,
  type HeaderForm, type LearnedFacts, type ProfileFacts, type ToolForm,
} from './learnedFacts';

const STATE_KEY = 'claudeAssistant.providerFacts';
/** The keys of earlier versions' three stores, read once by `migrate`. */
export const LEGACY_KEYS = { headerForms: 'claudeAssistant.learnedFacts', gatewayFacts: 'claudeAssistant.gatewayFacts', toolForms: 'claudeAssistant.toolForms' } as const;
const CATALOGUE_KEY = 'claudeAssistant.modelCatalogues';

export class LearnedFactsStore {
  private readonly listeners = new Set<() => void>();
  /** Fires when a fact is learned or forgotten. */
  readonly onDidChange: vscode.Event<void> = (listener, thisArgs?: unknown) => {
    const bound = (): void => void listener.call(thisArgs);
    this.listeners.add(bound);
    return { dispose: () => this.listeners.delete(bound) };
  };

  constructor(private readonly state: vscode.Memento, private readonly now: () => number = Date.now) {}

  all(): LearnedFacts {
    return parseLearnedFacts(this.state.get<unknown>(STATE_KEY));
  }

  /** What was learned for this profile at this base URL. */
  factsFor(profileId: string, baseUrl: string): ProfileFacts | undefined {
    return factsFor(this.all(), profileId, baseUrl);
  }

  /**
   * Moves what earlier versions kept under their own keys into this store, once (the old keys are
   * then cleared). `currentBaseUrl` places tool forms, which were kept without one.
   */
  async migrate(currentBaseUrl: (profileId: string) => string | undefined): Promise<void> {
    const legacy = {
      headerForms: this.state.get<unknown>(LEGACY_KEYS.headerForms),
      gatewayFacts: this.state.get<unknown>(LEGACY_KEYS.gatewayFacts),
      toolForms: this.state.get<unknown>(LEGACY_KEYS.toolForms),
    };
    if (Object.values(legacy).every((value) => value === undefined)) return;
    // Facts this version learned already win over the old ones.
    const migrated = migrateLegacyFacts(legacy, currentBaseUrl, this.now());
    await this.write({ ...migrated, ...this.all() });
    await Promise.all(Object.values(LEGACY_KEYS).map((key) => this.state.update(key, undefined)));
  }

  async recordHeaderForm(profileId: string, baseUrl: string, form: HeaderForm, evidence: string): Promise<void> {
    await this.write(withHeaderForm(this.all(), profileId, baseUrl, form, evidence, this.now()));
  }

  async recordRefusal(profileId: string, baseUrl: string, feature: OptionalFeature, evidence: string): Promise<void> {
    const refusal: FeatureRefusal = { learnedAt: this.now(), evidence };
    await this.write(withRefusal(this.all(), profileId, baseUrl, feature, refusal));
  }

  async recordToolForm(profileId: string, baseUrl: string, model: string, form: ToolForm, evidence: string): Promise<void> {
    await this.write(withToolForm(this.all(), profileId, baseUrl, model, form, evidence, this.now()));
  }

  async forget(profileId: string): Promise<void> {
    await this.write(withoutProfile(this.all(), profileId));
  }

  /** Forgets what was learned at a base URL a profile no longer uses. */
  async dropMoved(currentBaseUrl: (profileId: string) => string | undefined): Promise<void> {
    const before = this.all();
    const after = withoutMoved(before, currentBaseUrl);
    if (Object.keys(after).length !== Object.keys(before).length) await this.write(after);
  }

  /** The models list last fetched for a profile, whatever its age; read as untrusted. */
  catalogue(profileId: string): Catalogue | undefined {
    const all = this.state.get<Record<string, Catalogue>>(CATALOGUE_KEY, {});
    const entry = Object.prototype.hasOwnProperty.call(all, profileId) ? all[profileId] : undefined;
    return entry && typeof entry.baseUrl === 'string' && typeof entry.fetchedAt === 'number' && Array.isArray(entry.models) ? entry : undefined;
  }

  async saveCatalogue(profileId: string, catalogue: Catalogue): Promise<void> {
    await this.state.update(CATALOGUE_KEY, { ...this.state.get<Record<string, Catalogue>>(CATALOGUE_KEY, {}), [profileId]: catalogue });
  }

  dispose(): void {
    this.listeners.clear();
  }

  private async write(facts: LearnedFacts): Promise<void> {
    await this.state.update(STATE_KEY, facts);
    for (const listener of [...this.listeners]) listener();
  }
}
