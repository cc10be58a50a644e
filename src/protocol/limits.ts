// Every limit the server enforces, with its default. docs/protocol.md lists them; `tcp-chat host --help` too.

export interface Limits {
  /** Longest line (JSON message or plain text line) in bytes, newline excluded. */
  maxLine: number;
  /** Longest message text, in characters. */
  maxText: number;
  maxNick: number;
  maxTopic: number;
  /** Messages each room keeps to replay to joiners and reconnecting clients (and as many other events beside them). */
  history: number;
  /**
   * What all rooms' histories keep together: characters of their texts, and 64 an event. Past it, the room that
   * keeps most drops its oldest events (a room's 500 messages of 16 K characters are ~35 MB of memory).
   */
  historyText: number;
  maxRooms: number;
  maxRoomsPerClient: number;
  /**
   * A room nobody is in, with nothing recorded in it (not a message, a join or a leave) for this long, makes way for
   * a new one past `maxRooms` or `maxRoomsPerAddress`, its history with it: kept for ever, the rooms that had been
   * talked in filled the server for good, and nobody could make a room until a restart.
   */
  roomIdleMs: number;
  /** Rooms one address (an IPv6 address's /64) may have made that are still there; the owner and ops make any number. */
  maxRoomsPerAddress: number;
  maxClientsPerRoom: number;
  maxClients: number;
  maxClientsPerAddress: number;
  /** Token bucket for new connections from one address (a join-and-leave flood): burst size and refill per second. */
  connectBurst: number;
  connectsPerSecond: number;
  /** Token bucket for messages a client sends: burst size and refill per second. */
  rateBurst: number;
  ratePerSecond: number;
  /** Requests refused for rate in a row before the client is disconnected for flooding. */
  floodDisconnectAfter: number;
  /** Time a new connection has to finish its hello (rich) or send its nickname (plain). */
  handshakeMs: number;
  /** A rich client silent for this long is pinged; silent for twice this long, disconnected. */
  idleMs: number;
  /** Bytes queued for a client that does not read before it is evicted at once. */
  maxBuffered: number;
  /** Bytes queued for a client above which it must catch up within `slowConsumerMs`, or be evicted. */
  slowBuffered: number;
  slowConsumerMs: number;
  /** How long the server waits for a rich client's hello before treating the peer as plain and sending NICK. */
  plainDetectMs: number;
  /** A plain message without a newline is complete when no byte arrives for this long. */
  plainQuietMs: number;
  /** Protocol errors (bad JSON, unknown type...) tolerated before the peer is disconnected. */
  maxProtocolErrors: number;
  /**
   * Bans (`/ban`) the server keeps; past it a ban is refused until `/unban` lifts one. Without it the list grew with
   * every ban for as long as the server ran, and in its history file across restarts.
   */
  maxBans: number;
}

/**
 * The least each limit may be set to (a host's `--limit`): below it nobody could use the room. A line must hold
 * a hello; the limits not named here may be 0 (no history, no topic, no grace time...).
 */
export const MIN_LIMITS: Readonly<Partial<Limits>> = Object.freeze({
  maxLine: 1024,
  maxText: 1,
  maxNick: 1,
  maxRooms: 1,
  maxRoomsPerClient: 1,
  maxRoomsPerAddress: 1,
  maxClientsPerRoom: 1,
  maxClients: 1,
  maxClientsPerAddress: 1,
  connectBurst: 1,
  connectsPerSecond: 1,
  rateBurst: 1,
  ratePerSecond: 1,
  floodDisconnectAfter: 1,
  handshakeMs: 100,
  idleMs: 1000,
  maxBuffered: 64 * 1024,
  slowBuffered: 1024,
  maxBans: 1,
});

/** The longest nickname a room may allow (`maxNick`, in characters: code points, as the nickname rules count them). */
export const NICK_FIELD_MAX = 64;
/**
 * What a request's nickname field may hold (UTF-16 units): two for each character a nickname may have (one outside
 * the BMP is two), so the server's nickname rules judge every nickname within, in characters. Sized in characters,
 * 33 such letters (66 units) were refused as a malformed request ("longer than 64 characters") where 33 ASCII letters
 * were told "at most 32 characters".
 */
export const NICK_FIELD_UNITS = 2 * NICK_FIELD_MAX;
/** What a request's topic field may hold (UTF-16 units). */
export const TOPIC_FIELD_MAX = 1024;
/** The longest reason a kick or a ban gives (UTF-16 units): a longer one typed is cut to it. */
export const REASON_MAX = 300;

/**
 * The most a limit may be set to where a request's field holds less: a room's `maxNick` of 100 refused a nickname
 * of 70 as a malformed request ("longer than 64 characters"), not as a nickname.
 */
export const MAX_LIMITS: Readonly<Partial<Limits>> = Object.freeze({
  maxNick: NICK_FIELD_MAX,
  maxTopic: TOPIC_FIELD_MAX,
});

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxLine: 64 * 1024,
  maxText: 16 * 1024,
  maxNick: 32,
  maxTopic: 300,
  history: 500,
  historyText: 16 * 1024 * 1024,
  maxRooms: 200,
  maxRoomsPerClient: 20,
  roomIdleMs: 7 * 24 * 3_600_000,
  maxRoomsPerAddress: 20,
  maxClientsPerRoom: 1000,
  maxClients: 2000,
  maxClientsPerAddress: 64,
  connectBurst: 30,
  connectsPerSecond: 2,
  rateBurst: 20,
  ratePerSecond: 10,
  floodDisconnectAfter: 50,
  handshakeMs: 15_000,
  idleMs: 60_000,
  maxBuffered: 8 * 1024 * 1024,
  slowBuffered: 1024 * 1024,
  slowConsumerMs: 5000,
  plainDetectMs: 150,
  plainQuietMs: 50,
  maxProtocolErrors: 10,
  maxBans: 1000,
});

/** Limits for benchmarks (`--limits off`): no rate limits and room for many clients. Loopback only. */
export const UNLIMITED: Partial<Limits> = Object.freeze({
  rateBurst: Number.MAX_SAFE_INTEGER,
  ratePerSecond: Number.MAX_SAFE_INTEGER,
  floodDisconnectAfter: Number.MAX_SAFE_INTEGER,
  maxClientsPerRoom: 100_000,
  maxClients: 100_000,
  maxClientsPerAddress: 100_000,
  connectBurst: Number.MAX_SAFE_INTEGER,
  connectsPerSecond: Number.MAX_SAFE_INTEGER,
  maxBuffered: 64 * 1024 * 1024,
  slowBuffered: 32 * 1024 * 1024,
  slowConsumerMs: 30_000,
});
