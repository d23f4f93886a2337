// Deterministic GFM replies of a given size for `npm run bench:render`: headings, paragraphs with
// inline formatting, lists, task lists, tables, block quotes and fenced code in several languages.

const words = 'the parser reads each block once while streaming keeps the cost of new text small and the panel stays responsive for long answers'.split(' ');

function sentence(seed: number, length: number): string {
  const picked = Array.from({ length }, (_, i) => words[(seed * 7 + i * 13) % words.length]);
  picked[0] = picked[0][0].toUpperCase() + picked[0].slice(1);
  if (length > 6) picked[2] = `**${picked[2]}**`;
  if (length > 9) picked[5] = `\`${picked[5]}()\``;
  if (length > 12) picked[8] = `[${picked[8]}](https://example.com/${seed})`;
  return `${picked.join(' ')}.`;
}

const sections: Array<(n: number) => string> = [
  (n) => `## Section ${n}: how it works\n\n${sentence(n, 14)} ${sentence(n + 1, 11)} ${sentence(n + 2, 16)}\n\n`,
  (n) => `- ${sentence(n, 8)}\n- ${sentence(n + 1, 10)}\n  - nested ${sentence(n + 2, 6)}\n- [x] ${sentence(n + 3, 5)}\n- [ ] ${sentence(n + 4, 7)}\n\n`,
  (n) => `| Step | Owner | Cost |\n|:-----|:-----:|-----:|\n${Array.from({ length: 5 }, (_, i) => `| ${sentence(n + i, 4)} | team ${i} | ${(n * 13 + i) % 97} ms |`).join('\n')}\n\n`,
  (n) => `\`\`\`typescript\nexport function step${n}(input: string[]): Map<string, number> {\n  const counts = new Map<string, number>();\n  for (const word of input) {\n    // count each word once per call\n    counts.set(word, (counts.get(word) ?? 0) + ${n});\n  }\n  return counts;\n}\n\`\`\`\n\n`,
  (n) => `> ${sentence(n, 12)}\n> ${sentence(n + 5, 9)}\n\n1. ${sentence(n, 6)}\n2. ${sentence(n + 1, 6)}\n3. ${sentence(n + 2, 6)}\n\n`,
  (n) => `\`\`\`python\ndef step_${n}(items):\n    """Return the items that pass."""\n    return [item for item in items if item % ${(n % 7) + 2} == 0]\n\`\`\`\n\n${sentence(n, 18)}\n\n`,
  (n) => `\`\`\`json\n{ "step": ${n}, "name": "section-${n}", "tags": ["a", "b"], "enabled": true }\n\`\`\`\n\n### Notes ${n}\n\n${sentence(n + 3, 13)} ${sentence(n + 4, 9)}\n\n`,
];

/** A reply of at least `bytes` characters. */
export function gfmReply(bytes: number): string {
  let text = '# A long answer\n\n';
  for (let n = 0; text.length < bytes; n++) text += sections[n % sections.length](n);
  return text;
}

/** Cuts a text into `count` deltas of nearly equal size. */
export function splitIntoDeltas(text: string, count: number): string[] {
  const size = Math.ceil(text.length / count);
  return Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
}
