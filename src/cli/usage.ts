// The --help texts of the `tcp-chat` command. Every line fits an 80-column terminal (79 cells: a terminal that
// wraps as soon as the last column is filled would put an empty row after each full one): test/cli/usage.test.ts.

export const MAIN_USAGE = `tcp-chat: a TCP chat room for people who code together

Usage:
  tcp-chat host [options]    host a room and chat in it from this terminal
  tcp-chat join [ADDRESS]    join a room (HOST:PORT or a private room's invite)
  tcp-chat <command> --help  options of a command
  tcp-chat --version         the version

Anyone can also join a room on 127.0.0.1 with a plain TCP client (nc HOST PORT,
telnet HOST PORT or the classic Python tutorial client); a private room lets
them in only with host --allow-plain.`;

export const HOST_USAGE = `Usage: tcp-chat host [--port 55555] [--bind 127.0.0.1] [--nick NAME]
                     [--headless] [--history 500] [--history-file PATH]
                     [--limit NAME=N]... [--limits off] [--allow-plain]
                     [--new-key] [--no-bell]

Starts a chat server and prints "listening on HOST:PORT" and how others join.
Unless --headless, you join your own room as its owner and chat from this
terminal; a --headless host logs joins and leaves (local time).
Ctrl+C, SIGTERM, closing the terminal (and, from the host's seat, /quit or
Ctrl+D) tell everyone the room closed and stop, once what you typed or pasted
went out (a second Ctrl+C stops waiting for it). Input that ends without a
terminal (nohup, < /dev/null) leaves the room open, and so does a hang-up
when neither input nor output is a terminal (nohup). Exit 0 once the room
closed; 1 when it cannot start (a busy port, a --history-file it refuses),
when lines you typed were not sent or were refused, or when the history
file missed the room's last changes (a full disk: the log says how many).

Options:
  -p, --port N        port to listen on (default 55555; 0 picks a free one)
  -b, --bind ADDR     address to listen on (default 127.0.0.1: this machine
                      only; 0.0.0.0 lets your network in: the room then gets
                      a random key, and clients join with the printed invite,
                      over TLS)
  -n, --nick NAME     your nickname (default: git config user.name, else your
                      OS user, cut to the room's maxNick; not with --headless)
      --headless      run the server only; do not join it from this terminal
                      (its owner key goes to ~/.tcp-chat/owner-PORT.json, for
                      your user only: tcp-chat join 127.0.0.1:PORT --owner
                      joins as the room's owner)
      --history N     messages each room keeps for joiners and reconnects
                      (default 500; as many joins, leaves, edits and
                      reactions beside them)
      --history-file PATH
                      keep the rooms' history in PATH: a restarted host serves
                      it again and clients resume where they left off (a file
                      that is not a history file is refused, never written
                      over; its folder must exist; one host per file:
                      PATH.lock says which holds it); a private room keeps its
                      room key in it too, so the invites stay valid
      --limit NAME=N  set one limit (repeatable), e.g. --limit maxLine=4096
                      --limit rateBurst=50; every limit is in docs/protocol.md
      --limits off    lift the rate, connection and send-queue limits (for
                      benchmarks; loopback only)
      --allow-plain   on a private room, let nc/telnet/the tutorial client in
                      after they answer PASS with the room key (unencrypted: a
                      warning is printed)
      --new-key       a private room with --history-file: a new room key (the
                      invites given before stop working)
      --no-bell       no terminal bell when someone mentions you or messages
                      you directly (the host's seat; not with --headless)
  -h, --help          this help`;

export const JOIN_USAGE = `Usage: tcp-chat join [HOST:PORT|INVITE] [--nick NAME] [--room NAME]
                     [--wait-for-host 60] [--owner] [--no-bell]

Joins the room at HOST:PORT (the port defaults to 55555; HOST:PORT/,
tcp://HOST:PORT/ and HOST PORT, as nc takes them, are that address too), or
the private room an invite names (tcpchat://HOST:PORT/KEY, as the host
printed it). With no address it asks for the invite (pasted: a command line is
any local user's to read, a key in it too), or takes it from TCP_CHAT_INVITE.
Type a line and press Enter to send it; /help lists the commands (/nick, /me,
/msg, /edit, /join, /who...).
/share FILE:12-15 sends those lines of a file as code (its path from its Git
repository's root: Open in the others' VS Code lands on them; no lines: the
file; FILE:12:5 as compilers print it and FILE#L12-L15 as GitHub links it work
too). /changes FILE sends the file's uncommitted changes (since its last
commit) as a diff, as VS Code's Share Changes does; /changes FILE:12-15 those
that touch the lines. /open opens the code shared last in the room in $VISUAL
or $EDITOR (else vi), in your copy of the file (join from your copy of the
repository), at its first line where it is in your copy now (it may have moved
as you both edited; a diff at its first change; code you have no file for
opens from a copy); /open 2 the one before it (Tab after /open lists them).
/apply makes the room's last shared diff (Share Changes, /changes) in your
copy of its file, where its lines are now (/apply 2: as /open counts them);
/apply undo takes it back while the file is as /apply left it.
/react 👍 puts a reaction (👍 👀 🎉 ✅ ❤️ 😄, or :+1: :eyes: :tada:
:white_check_mark: :heart: :smile:) under the room's last message by someone
else, /react 👍 NICK under NICK's; the same again takes it off. One put under
a message of yours prints a line as it comes (one a message in 5 s at most).
/reply TEXT sends TEXT quoting the room's last message by someone else, its
author mentioned, as VS Code's Reply does; /reply @NICK TEXT quotes NICK's. In
a /query it quotes the other side's last direct message.
/query NICK: what you type goes to NICK alone (the prompt says @NICK) until
/query alone, or a /join, takes you back to the room.
On a terminal Tab completes a command, a nickname after @ or /msg, /kick...,
a room after /join (the server's), /part or /who, a file after /share or
/changes, and an emoji name into its emoji (:tad Tab: 🎉); a second Tab lists
what you typed could be: commands with what each does, emoji with their
names. Names others sent (:tada:) show as their emoji, as the panel shows
them (not in code).
A dropped connection reconnects by itself and resumes where it left off; back
within 30 s, the room never sees it go. A join that was killed leaves its seat
to the next join here within 10 min, as the same name (a file of yours only
in ~/.tcp-chat). Joining, it says the room's topic and who is in it; lines of
rooms but the prompt's start [#room]. Ctrl+D, Ctrl+C, /quit or closing the
terminal leave, and so does the end of its output (| head) at the next line
it would print, once what you typed or pasted went out (a second Ctrl+C stops
waiting for it). /quit gone for lunch leaves with parting words, as
/part #dev see you leaves a room: the others read NICK left! (see you).
Exit 0 when you leave (Ctrl+C while it connects too) or the room closes; 1
when it cannot join, the room puts you out (kicked, banned), or messages you
typed could not be sent (they are printed), the room's end included, or were
refused (too long, not UTF-8, typed after /part with no room to go to).
NO_COLOR=1: no colours (a line that mentions you, and **bold**, stays bold).

Options:
  -n, --nick NAME     your nickname (default: git config user.name, else your
                      OS user)
  -r, --room NAME     room to enter (default general)
      --wait-for-host S
                      when the host closes the room, keep trying S seconds for
                      it to come back and resume there (a host reloading its
                      VS Code window is back in seconds), and on a terminal
                      as long for a host not started yet; default 60, 0 quits
                      at once
      --owner         join as the room's owner (topic, kick, ban, op, delete
                      anyone's message): a room that tcp-chat host --headless
                      runs on this machine, started by your user (it reads
                      ~/.tcp-chat/owner-PORT.json)
      --no-bell       no terminal bell when someone mentions you (@you) or
                      messages you directly (on a terminal it rings for those,
                      as they come: once in 3 s at most in one conversation)
  -h, --help          this help`;
