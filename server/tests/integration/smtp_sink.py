"""A real SMTP server on loopback for the integration tests (aiosmtpd).

    python3 smtp_sink.py DIR

Listens on 127.0.0.1 on a free port, prints the port on the first line of standard output,
and writes each message it accepts into DIR as it would reach a mail client: NNNNNN.json with
the envelope's recipients, the decoded subject and the decoded plain-text body (Python's own
`email` package undoes the transfer encoding), and NNNNNN.eml with the message as received.
A message is on disk before the server answers 250, so once the portal's request returns its
mail can be read. It stops when its standard input closes (the test process ended).
"""

import asyncio
import email
import email.policy
import json
import os
import sys
import threading

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = f"{self.count:06d}"
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        part = message.get_body(preferencelist=("plain",))
        record = {
            "from": envelope.mail_from,
            "to": [address.lower() for address in envelope.rcpt_tos],
            "subject": str(message["subject"] or ""),
            "body": part.get_content() if part is not None else "",
        }
        for suffix, data in ((".eml", raw), (".json", json.dumps(record).encode())):
            partial = os.path.join(self.folder, f".{name}{suffix}.part")
            with open(partial, "wb") as f:
                f.write(data)
            os.replace(partial, os.path.join(self.folder, name + suffix))
        return "250 Message accepted"


def stop_when_stdin_closes(loop):
    sys.stdin.buffer.read()
    loop.call_soon_threadsafe(loop.stop)


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    loop = asyncio.new_event_loop()
    sink = Sink(folder)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(sink, hostname="sink.localhost"), "127.0.0.1", 0)
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    threading.Thread(target=stop_when_stdin_closes, args=(loop,), daemon=True).start()
    loop.run_forever()


if __name__ == "__main__":
    main()
