// What the panel header shows for the current model and the user's thinking choice. Pure.
import { lifecycleNote } from '../providers/liveModels';
import type { ModelInfo } from '../providers/modelCatalog';
import type { HeaderState, ThinkingPreferences } from '../webview/protocol';

export function headerState(info: ModelInfo, thinking: ThinkingPreferences): HeaderState {
  return {
    modelLabel: info.known ? info.displayName : info.id,
    thinkingMode: info.thinkingByGateway ? 'gateway' : info.thinking,
    thinking,
    effortLevels: info.effortLevels,
    ...(lifecycleNote(info) ? { lifecycleNote: lifecycleNote(info) } : {}),
    contextWindow: info.contextWindow,
    pricesKnown: info.prices !== undefined,
  };
}
