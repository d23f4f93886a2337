// Finds conversations whose title or text contains every word of a query, with a snippet. Pure.
import { turnText } from '../conversation/transcript';
import type { Conversation } from '../conversation/record';

export interface SearchHit {
  id: string;
  title: string;
  updatedAt: number;
  snippet: string;
}

const SNIPPET_RADIUS = 60;

export function searchConversations(conversations: Iterable<Conversation>, query: string, limit = 50): SearchHit[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const hits: SearchHit[] = [];
  for (const conversation of conversations) {
    const texts = [conversation.title, ...conversation.turns.map((turn) => turnText(turn))];
    const lower = texts.map((text) => text.toLowerCase());
    if (!words.every((word) => lower.some((text) => text.includes(word)))) continue;
    const where = lower.findIndex((text, index) => index > 0 && text.includes(words[0]));
    const snippet = where > 0 ? snippetAround(texts[where], lower[where].indexOf(words[0]), words[0].length) : '';
    hits.push({ id: conversation.id, title: conversation.title, updatedAt: conversation.updatedAt, snippet });
    if (hits.length >= limit) break;
  }
  return hits;
}

function snippetAround(text: string, at: number, length: number): string {
  const start = Math.max(0, at - SNIPPET_RADIUS);
  const end = Math.min(text.length, at + length + SNIPPET_RADIUS);
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`;
}
