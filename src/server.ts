// The chat server's own bundle (dist/server.js): the extension host loads it only when its window hosts a room
// (src/vscode/laterBundles.ts), so a window that joins or never chats does not load the server's code.
export { ChatServer } from './node/chatServer';
