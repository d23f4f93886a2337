// The chat webview's HTML: a strict CSP, one nonce script, and the static skeleton. Pure.
// img-src allows data: for the thumbnails of attached images only: model output never renders images.
// worker-src allows blob: for the code highlighter, which the page starts from its own bundled code.

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
    // The code highlighter's worker, started from a Blob of the page's own bundled code.
    'worker-src blob:',
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
<header class="chat-header" id="header">
  <div class="header-row">
    <h1 id="conversation-title" class="conversation-title">New chat</h1>
    <button type="button" id="history" class="icon-button" title="Chat history" aria-label="Chat history"><span class="codicon codicon-history" aria-hidden="true"></span></button>
    <button type="button" id="new-chat" class="icon-button" title="New chat" aria-label="New chat"><span class="codicon codicon-add" aria-hidden="true"></span></button>
  </div>
  <div class="header-row controls">
    <button type="button" id="model" class="header-button"><span id="model-label" class="label"></span><span class="codicon codicon-chevron-down" aria-hidden="true"></span></button>
    <button type="button" id="profile" class="header-button"><span id="profile-label" class="label"></span><span class="codicon codicon-chevron-down" aria-hidden="true"></span></button>
  </div>
  <div class="header-row options">
    <span id="thinking-controls" class="thinking-controls" hidden>
      <label class="checkbox"><input type="checkbox" id="thinking"> Thinking</label>
      <select id="thinking-budget" aria-label="Thinking budget" title="Most tokens Claude may spend thinking"></select>
      <select id="thinking-effort" aria-label="Thinking effort" title="How hard Claude thinks"></select>
    </span>
    <span id="usage-summary" class="usage-summary"></span>
  </div>
</header>
<p id="tools-off" class="tools-off" role="status" hidden></p>
<main class="chat-main">
  <section class="empty" id="empty" hidden>
    <h2>Ask Claude about your code</h2>
    <p id="empty-text"></p>
    <button type="button" id="set-key" class="primary" hidden>Set API Key</button>
  </section>
  <div class="transcript-wrap">
    <div class="transcript" id="transcript" role="log" aria-label="Conversation" aria-live="polite" tabindex="0"><div class="turns" id="turns"></div></div>
    <button type="button" id="jump" class="jump secondary" hidden><span class="codicon codicon-arrow-down" aria-hidden="true"></span> Jump to latest</button>
  </div>
  <div id="notice" class="notice" role="status" aria-live="polite" hidden></div>
</main>
<form class="composer" id="composer" aria-label="Send a message">
  <div id="attachments" class="attachments" role="list" aria-label="Attached context" hidden></div>
  <div id="mentions" class="mentions" role="listbox" aria-label="Mentions" hidden></div>
  <textarea id="message" aria-label="Message" rows="3" placeholder="Ask Claude… (@ to add context, Enter to send, Shift+Enter for a new line)"></textarea>
  <div class="buttons">
    <button type="button" id="attach" class="icon-button" title="Attach images (PNG, JPEG, GIF, WebP); you can also paste or drop them" aria-label="Attach images"><span class="codicon codicon-file-media" aria-hidden="true"></span></button>
    <input type="file" id="image-file" accept="image/png,image/jpeg,image/gif,image/webp" multiple hidden>
    <span class="spacer"></span>
    <span id="draft-tokens" class="draft-tokens" aria-live="off"></span>
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
