#!/usr/bin/python3
"""smtp_sink.py — a real SMTP server on loopback for the mail tests
(aiosmtpd, Debian's python3-aiosmtpd): every message it accepts is parsed
with Python's email package and written to DIR/NNNNNN.json as {mail_from,
rcpt_tos, headers: {name: value}, subject, text, html} (the decoded
parts), renamed into place whole, so a reader never sees half a file.

    smtp_sink.py DIR PORT      (PORT 0: pick a free one)

Prints "ready PORT" on stdout once it listens; stops on SIGTERM."""
import asyncio
import email
import email.policy
import json
import os
import signal
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content or envelope.content,
                                       policy=email.policy.default)
        text = msg.get_body(preferencelist=('plain',))
        html = msg.get_body(preferencelist=('html',))
        record = {
            'mail_from': envelope.mail_from,
            'rcpt_tos': envelope.rcpt_tos,
            'headers': {k: str(v) for k, v in msg.items()},
            'subject': str(msg['subject'] or ''),
            'text': text.get_content() if text else None,
            'html': html.get_content() if html else None,
        }
        self.count += 1
        name = os.path.join(self.folder, '%06d.json' % self.count)
        with open(name + '.tmp', 'w', encoding='utf-8') as f:
            json.dump(record, f)
        os.rename(name + '.tmp', name)
        return '250 Message accepted for delivery'


def main():
    folder, port = sys.argv[1], int(sys.argv[2])
    os.makedirs(folder, exist_ok=True)
    if port == 0:
        import socket
        s = socket.socket()
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
        s.close()
    controller = Controller(Sink(folder), hostname='127.0.0.1', port=port)
    controller.start()
    print('ready %d' % port, flush=True)
    loop = asyncio.new_event_loop()
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, lambda: stop.done() or stop.set_result(None))
    loop.add_signal_handler(signal.SIGINT, lambda: stop.done() or stop.set_result(None))
    loop.run_until_complete(stop)
    controller.stop()


if __name__ == '__main__':
    main()
