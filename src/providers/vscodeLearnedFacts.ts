// Keeps what providers have shown they accept in the extension's global state (not in settings:
// nothing here is the user's choice, and nothing here is secret).
import * as vscode from 'vscode';
import type { Catalogue } from './liveModels';
import { parseLearnedFacts, withHeaderForm, withoutMoved, withoutProfile, type HeaderForm, type LearnedFacts } from './learnedFacts';

const STATE_KEY = 'claudeAssistant.learnedFacts';
const CATALOGUE_KEY = 'claudeAssistant.modelCatalogues';

export class LearnedFactsStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento, private readonly now: () => number = Date.now) {}

  all(): LearnedFacts {
    return parseLearnedFacts(this.state.get<unknown>(STATE_KEY));
  }

  async recordHeaderForm(profileId: string, baseUrl: string, form: HeaderForm, evidence: string): Promise<void> {
    await this.write(withHeaderForm(this.all(), profileId, baseUrl, form, evidence, this.now()));
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
    this.changed.dispose();
  }

  private async write(facts: LearnedFacts): Promise<void> {
    await this.state.update(STATE_KEY, facts);
    this.changed.fire();
  }
}
