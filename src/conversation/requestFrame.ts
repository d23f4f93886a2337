// What every request of a turn carries besides its messages: the tools offered, the `anthropic-beta`
// values they need, and the system prompt that goes with them. The agent loop sends it; the
// context count counts it. Pure.
import type { RequestTarget } from '../providers/requestContext';
import type { ToolFormMemory } from './agentLoop';
import { systemPrompt, type Surroundings } from './systemPrompt';
import type { ToolForm, ToolHandler, ToolProvider } from './toolHandler';

export interface RequestFrame {
  tools: Array<Record<string, unknown>>;
  betas: string[];
  system?: string;
}

/** The tool form for the target: the profile's setting, or under `auto` what was learned (typed tools first). */
export function toolFormFor(target: Pick<RequestTarget, 'toolForm' | 'profileId' | 'model'>, forms?: ToolFormMemory): ToolForm {
  return target.toolForm === 'auto' ? forms?.get(target.profileId, target.model) ?? 'anthropic' : target.toolForm;
}

export function requestFrame(handlers: readonly ToolHandler[], surroundings?: Surroundings): RequestFrame {
  return {
    tools: handlers.map((handler) => handler.definition.tool),
    betas: [...new Set(handlers.flatMap((handler) => handler.definition.betas))],
    // Plain chat keeps its requests as they were; with tools the model needs to know where it is.
    ...(surroundings && handlers.length > 0 ? { system: systemPrompt(surroundings, handlers.map((handler) => handler.name)) } : {}),
  };
}

/** The frame the next request of a new turn would carry. */
export function nextRequestFrame(target: Pick<RequestTarget, 'toolForm' | 'profileId' | 'model'>, tools?: ToolProvider, forms?: ToolFormMemory, surroundings?: Surroundings): RequestFrame {
  return requestFrame(tools?.toolsFor({ model: target.model, form: toolFormFor(target, forms) }) ?? [], surroundings);
}
