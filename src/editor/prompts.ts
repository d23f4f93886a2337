// The ready-made questions the editor commands send. Pure.

export const EXPLAIN_PROMPT = 'Explain what this code does, how it works, and anything surprising in it.';

export const FIX_PROMPT =
  'Find and fix the problems in this code. Reply with a short explanation, then the corrected code as one fenced code block that can replace the attached lines.';

/** Fix Selection on one range: the edit request (editProposal.ts) asks for the replacement. */
export const FIX_INSTRUCTION = 'Find and fix the problems in this code.';

/** For the Fix with Claude quick fix: the diagnostic is quoted so the model knows what to fix. */
export function fixDiagnosticInstruction(message: string): string {
  return `Fix this problem reported by the editor: "${message}".`;
}
