import * as assert from 'assert';
import type { StreamOptions, StreamResult } from '../../src/api/messagesClient';
import { newConversation } from '../../src/conversation/record';
import { ChatSession } from '../../src/conversation/session';
import { TurnScope } from '../../src/conversation/turnScope';
import { modelInfo } from '../../src/providers/modelCatalog';
import type { RequestTarget } from '../../src/providers/requestContext';

/** A target whose request waits until the turn's signal aborts. */
function hangingTarget(): RequestTarget {
  return {
    model: 'claude-sonnet-4-5', modelInfo: modelInfo('claude-sonnet-4-5'), maxTokens: 256, host: 'api.anthropic.com', headerStyle: 'x-api-key', hasCredentials: true,
    stream: (_body, { signal }: StreamOptions) => new Promise<StreamResult>((_resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason));
    }),
  };
}

function sessionWithHangingReply() {
  let id = 0;
  return new ChatSession({ resolveTarget: async () => hangingTarget(), resolveOptions: () => ({ thinking: { enabled: false, budgetTokens: 4096, effort: 'high' } }), emit: () => undefined, newId: () => `c${++id}` });
}

/** Starts a turn and hangs something off its scope; resolves once the request is in flight. */
async function startTurn(session: ChatSession): Promise<{ disposed: () => boolean; signal: AbortSignal; sending: Promise<void> }> {
  const sending = session.send('go');
  await new Promise((resolve) => setImmediate(resolve));
  const scope = session.turnScope;
  assert.ok(scope, 'a turn in flight has a scope');
  let disposed = false;
  scope.add({ dispose: () => { disposed = true; } });
  return { disposed: () => disposed, signal: scope.signal, sending };
}

describe('TurnScope', () => {
  it('aborts and disposes what was added, newest first, once', () => {
    const scope = new TurnScope();
    const order: string[] = [];
    scope.add({ dispose: () => order.push('diff') });
    scope.add({ dispose: () => order.push('shell') });
    scope.dispose('why');
    scope.dispose('again');
    assert.deepStrictEqual(order, ['shell', 'diff']);
    assert.strictEqual(scope.signal.reason, 'why');
    scope.add({ dispose: () => order.push('late') });
    assert.deepStrictEqual(order, ['shell', 'diff', 'late'], 'added after the end, disposed at once');
  });

  for (const [what, end] of [
    ['Stop', (session: ChatSession) => session.stop()],
    ['New Chat', (session: ChatSession) => session.startNew()],
    ['opening another conversation', (session: ChatSession) => session.open(newConversation('other', 0))],
  ] as const) {
    it(`is disposed by ${what}`, async () => {
      const session = sessionWithHangingReply();
      const turn = await startTurn(session);
      assert.strictEqual(turn.disposed(), false);
      end(session);
      assert.strictEqual(turn.signal.aborted, true);
      assert.strictEqual(turn.disposed(), true);
      await turn.sending;
      assert.strictEqual(session.turnScope, undefined);
      assert.strictEqual(session.busy, false);
    });
  }
});
