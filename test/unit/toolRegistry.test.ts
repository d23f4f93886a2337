import * as assert from 'assert';
import { ToolRegistry } from '../../src/chat/toolRegistry';
import type { ToolHandler, ToolProvider } from '../../src/conversation/toolHandler';

function provider(label: string, names: string[]): ToolProvider {
  return {
    toolsFor: () => names.map((name): ToolHandler => ({
      name,
      definition: { tool: { name, description: label }, betas: [] },
      run: async (call) => ({ type: 'tool_result', toolUseId: call.id, content: label }),
    })),
  };
}

describe('ToolRegistry', () => {
  it('offers every provider\'s tools once; the provider registered last stands in for a name; disposal removes it', () => {
    const registry = new ToolRegistry();
    const offer = { model: 'claude-sonnet-4-5', form: 'anthropic' as const };
    assert.deepStrictEqual(registry.toolsFor(offer), []);
    registry.register(provider('editor', ['str_replace_based_edit_tool']));
    const fake = registry.register(provider('fake', ['str_replace_based_edit_tool', 'bash']));
    const described = () => registry.toolsFor(offer).map((handler) => `${handler.name}:${String(handler.definition.tool.description)}`);
    assert.deepStrictEqual(described(), ['str_replace_based_edit_tool:fake', 'bash:fake']);
    fake.dispose();
    assert.deepStrictEqual(described(), ['str_replace_based_edit_tool:editor']);
  });
});
