// The version of TCP Chat (package.json's, which a test holds this to): what `tcp-chat --version` prints and
// what the server and the clients call themselves in their welcome and hello.

export const APP_VERSION = '0.1.0';
