// The chat view's id, as package.json contributes it; its own module so activation can name it
// without loading the chat.
export const CHAT_VIEW_ID = 'claudeAssistant.chat';
