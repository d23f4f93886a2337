// The tools the chat offers: whatever providers are registered (the text editor, later the shell),
// merged into one ToolProvider for the agent loop. Registering returns a disposable that removes
// the provider again.
import type { ToolHandler, ToolOffer, ToolProvider } from '../conversation/toolHandler';

export class ToolRegistry implements ToolProvider {
  private readonly providers: ToolProvider[] = [];

  register(provider: ToolProvider): { dispose(): void } {
    this.providers.push(provider);
    return {
      dispose: () => {
        const index = this.providers.indexOf(provider);
        if (index >= 0) this.providers.splice(index, 1);
      },
    };
  }

  get isEmpty(): boolean {
    return this.providers.length === 0;
  }

  /** The providers' reasons for tools being off, in one line; undefined when none has one. */
  unavailable(): string | undefined {
    const reasons = this.providers.flatMap((provider) => provider.unavailable?.() ?? []);
    return reasons.length > 0 ? reasons.join(' ') : undefined;
  }

  toolsFor(offer: ToolOffer): ToolHandler[] {
    const handlers: ToolHandler[] = [];
    // Two tools of one name would make the model's calls ambiguous: the one registered last wins,
    // so a provider can stand in for another (the integration tests' fake editor does).
    for (const provider of [...this.providers].reverse()) {
      for (const handler of provider.toolsFor(offer)) {
        if (!handlers.some((known) => known.name === handler.name)) handlers.push(handler);
      }
    }
    return handlers;
  }
}
