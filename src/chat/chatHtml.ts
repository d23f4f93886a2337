// The chat webview's HTML: a strict CSP, one nonce script, and the static skeleton. Pure.

export interface ChatHtmlAssets {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

export function chatHtml({ cspSource, scriptUri, styleUri, nonce }: ChatHtmlAssets): string {
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri}">
<title>Claude Assistant</title>
</head>
<body>
<header class="status" id="status" aria-live="polite"></header>
<section class="empty" id="empty" hidden>
  <h2>Ask Claude about your code</h2>
  <p id="empty-text"></p>
  <button type="button" id="set-key" class="primary" hidden>Set API Key</button>
</section>
<main class="transcript" id="transcript" role="log" aria-label="Conversation" aria-live="polite" tabindex="0"></main>
<form class="composer" id="composer" aria-label="Send a message">
  <textarea id="message" aria-label="Message" rows="3" placeholder="Ask Claude… (Enter to send, Shift+Enter for a new line)"></textarea>
  <div class="buttons">
    <button type="button" id="stop" class="secondary" disabled title="Stop the reply (Escape)">Stop</button>
    <button type="submit" id="send" class="primary" title="Send (Enter)">Send</button>
  </div>
</form>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}

/** 32 random characters from a cryptographic source, for the script nonce. */
export function makeNonce(randomBytes: (size: number) => Uint8Array): string {
  return Buffer.from(randomBytes(24)).toString('base64').replace(/[+/=]/g, '').slice(0, 32).padEnd(32, '0');
}
