// A conversation as a Markdown document, for Export. Pure.
import { describeUsage, conversationTotals } from '../webview/usageSummary';
import type { Turn } from '../conversation/transcript';
import type { Conversation } from '../conversation/record';

export function conversationToMarkdown(conversation: Conversation): string {
  const lines: string[] = [`# ${oneLine(conversation.title)}`, '', `_Exported from Claude Assistant on ${new Date(conversation.updatedAt).toISOString().slice(0, 10)}._`, ''];
  for (const turn of conversation.turns) lines.push(...turnToMarkdown(turn), '');
  const totals = conversationTotals(conversation.turns);
  if (totals.inputTokens + totals.outputTokens > 0) lines.push('---', '', `Conversation usage: ${describeUsage(totals)}`, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

function turnToMarkdown(turn: Turn): string[] {
  const heading = turn.role === 'user' ? '## You' : `## Claude${turn.model ? ` (${turn.model})` : ''}`;
  const lines = [heading, ''];
  for (const block of turn.blocks) {
    switch (block.type) {
      case 'text':
        lines.push(block.text, '');
        break;
      case 'thinking':
        if (block.thinking) lines.push('<details><summary>Thinking</summary>', '', block.thinking, '', '</details>', '');
        break;
      case 'redacted_thinking':
        lines.push('_Part of the reasoning was redacted by the provider._', '');
        break;
      case 'provider_compaction':
        lines.push('_Compacted by the provider: the context before this point was summarised._', '');
        break;
      case 'image':
        lines.push(`_[Image: ${oneLine(block.name ?? block.mediaType)}]_`, '');
        break;
    }
  }
  if (turn.status === 'stopped') lines.push('_Stopped._', '');
  if (turn.status === 'error' && turn.error) lines.push(`> **${oneLine(turn.error.title)}** ${oneLine(turn.error.detail)}`, '');
  if (turn.notice) lines.push(`_${oneLine(turn.notice)}_`, '');
  if (turn.usage) lines.push(`<sub>${describeUsage(turn.usage)}</sub>`, '');
  return lines;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
