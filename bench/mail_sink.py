#!/usr/bin/python3
"""mail_sink.py — the mail bench's SMTP server (bench/mail): aiosmtpd on
loopback, as the tests use (tests/http/smtp_sink.py), that accepts every
message and only counts it, so that what is measured is Pacte's sender and
not the parsing and writing the tests need.

    mail_sink.py PORT      (0: a free one)

Prints "ready PORT" once it listens; stops on SIGTERM."""
import asyncio
import signal
import socket
import sys

from aiosmtpd.controller import Controller


class Count:
    def __init__(self):
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        return '250 Message accepted for delivery'


def main():
    port = int(sys.argv[1])
    if port == 0:
        s = socket.socket()
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
        s.close()
    controller = Controller(Count(), hostname='127.0.0.1', port=port)
    controller.start()
    print('ready %d' % port, flush=True)
    loop = asyncio.new_event_loop()
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    loop.run_until_complete(stop)
    controller.stop()


if __name__ == '__main__':
    main()
