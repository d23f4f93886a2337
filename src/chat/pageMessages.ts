// Checks each message from the webview before the host acts on it. The page renders model output;
// even sanitised, it is not trusted to send well-formed requests. Pure.
import { checkImage } from '../webview/imageCheck';
import {
  MAX_IMAGES_PER_MESSAGE,
  MENTION_KINDS,
  THINKING_BUDGETS,
  THINKING_EFFORTS,
  type ErrorAction,
  type ImageAttachment,
  type MentionKind,
  type PageCommand,
  type ToolCallAction,
  type ThinkingPreferences,
  type WebviewToHost,
} from '../webview/protocol';

const ACTIONS: readonly ErrorAction[] = ['retry', 'continue', 'setApiKey', 'openSettings', 'testConnection', 'selectProfile', 'selectModel', 'useDefaultModel', 'showLog'];
const COMMANDS: readonly PageCommand[] = ['newChat', 'showHistory', 'selectModel', 'selectProfile', 'setApiKey'];
const TOOL_CALL_ACTIONS: readonly ToolCallAction[] = ['openDiff', 'accept', 'reject', 'runCommand', 'rejectCommand'];
/** As long as a command the bash tool accepts from the model. */
const MAX_COMMAND = 100_000;
const MAX_TEXT = 1_000_000;

export type ParsedMessage = { ok: true; message: WebviewToHost } | { ok: false; reason: string };

export function parsePageMessage(value: unknown): ParsedMessage {
  if (typeof value !== 'object' || value === null) return bad('not an object');
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'stop':
      return ok({ type: m.type });
    case 'send': {
      if (!isText(m.text) || !Array.isArray(m.images)) return bad('send without text or images');
      if (m.images.length > MAX_IMAGES_PER_MESSAGE) return bad(`more than ${MAX_IMAGES_PER_MESSAGE} images`);
      const images: ImageAttachment[] = [];
      for (const image of m.images as unknown[]) {
        const checked = checkAttachment(image);
        if (typeof checked === 'string') return bad(checked);
        images.push(checked);
      }
      return ok({ type: 'send', text: m.text, images });
    }
    case 'action':
      return ACTIONS.includes(m.action as ErrorAction) ? ok({ type: 'action', action: m.action as ErrorAction }) : bad('unknown action');
    case 'regenerate':
      return isId(m.turnId) ? ok({ type: 'regenerate', turnId: m.turnId }) : bad('bad turn id');
    case 'editResend':
      return isId(m.turnId) && isText(m.text) ? ok({ type: 'editResend', turnId: m.turnId, text: m.text }) : bad('bad edit');
    case 'copy':
      return isText(m.text) ? ok({ type: 'copy', text: m.text }) : bad('bad copy');
    case 'insertCode':
      return isText(m.code) ? ok({ type: 'insertCode', code: m.code }) : bad('bad code');
    case 'applyCode':
      return isText(m.code) && isText(m.info, 1000) ? ok({ type: 'applyCode', code: m.code, info: m.info }) : bad('bad code');
    case 'openLink':
      return isText(m.href, 4096) ? ok({ type: 'openLink', href: m.href }) : bad('bad link');
    case 'command':
      return COMMANDS.includes(m.command as PageCommand) ? ok({ type: 'command', command: m.command as PageCommand }) : bad('unknown command');
    case 'setThinking': {
      const thinking = checkThinking(m.thinking);
      return thinking ? ok({ type: 'setThinking', thinking }) : bad('bad thinking preferences');
    }
    case 'toolCall':
      if (!TOOL_CALL_ACTIONS.includes(m.action as ToolCallAction)) return bad('unknown tool call action');
      if (!isToolUseId(m.toolUseId)) return bad('bad tool use id');
      if (m.command === undefined) return ok({ type: 'toolCall', action: m.action as ToolCallAction, toolUseId: m.toolUseId });
      // Only Run takes a command: the user's edit, which must be a command the tool could take.
      if (m.action !== 'runCommand' || !isText(m.command, MAX_COMMAND) || m.command.trim() === '' || m.command.includes('\0')) return bad('bad command');
      return ok({ type: 'toolCall', action: 'runCommand', toolUseId: m.toolUseId, command: m.command });
    case 'undoTurn':
      return isId(m.turnId) ? ok({ type: 'undoTurn', turnId: m.turnId }) : bad('bad turn id');
    case 'chip':
      return (m.action === 'open' || m.action === 'remove') && isId(m.id) ? ok({ type: 'chip', action: m.action, id: m.id }) : bad('bad chip');
    case 'mention':
      return MENTION_KINDS.includes(m.kind as MentionKind) ? ok({ type: 'mention', kind: m.kind as MentionKind }) : bad('unknown mention');
    case 'dropUris':
      return Array.isArray(m.uris) && m.uris.length <= 100 && m.uris.every((uri) => isText(uri, 4096))
        ? ok({ type: 'dropUris', uris: m.uris as string[] })
        : bad('bad dropped files');
    default:
      return bad(`unknown message type ${JSON.stringify(m.type)}`);
  }
}

function checkAttachment(value: unknown): ImageAttachment | string {
  const image = value as Partial<ImageAttachment> | null;
  if (typeof image !== 'object' || image === null || typeof image.data !== 'string') return 'an image without data';
  const name = typeof image.name === 'string' && image.name.length <= 255 ? image.name : 'image';
  const verdict = checkImage(name, image.data);
  if (!verdict.ok) return verdict.reason;
  return { mediaType: verdict.mediaType, data: image.data, name };
}

function checkThinking(value: unknown): Partial<ThinkingPreferences> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const input = value as Record<string, unknown>;
  const result: Partial<ThinkingPreferences> = {};
  if ('enabled' in input) {
    if (typeof input.enabled !== 'boolean') return undefined;
    result.enabled = input.enabled;
  }
  if ('budgetTokens' in input) {
    if (!THINKING_BUDGETS.includes(input.budgetTokens as number)) return undefined;
    result.budgetTokens = input.budgetTokens as number;
  }
  if ('effort' in input) {
    if (!THINKING_EFFORTS.includes(input.effort as never)) return undefined;
    result.effort = input.effort as ThinkingPreferences['effort'];
  }
  return result;
}

function isText(value: unknown, max = MAX_TEXT): value is string {
  return typeof value === 'string' && value.length <= max;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && /^[\w-]{1,64}$/.test(value);
}

/** Tool use ids come from the provider: letters, digits, `_` and `-` (e.g. `toolu_01A09q90qw90lq917835lq9`). */
function isToolUseId(value: unknown): value is string {
  return typeof value === 'string' && /^[\w-]{1,128}$/.test(value);
}

function ok(message: WebviewToHost): ParsedMessage {
  return { ok: true, message };
}

function bad(reason: string): ParsedMessage {
  return { ok: false, reason };
}
