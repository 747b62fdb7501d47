#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port for the
# reminder test: prints the port on its first line, then keeps every
# message it is given in the Maildir MAILDIR until it is terminated.
#
#   smtp-server.py MAILDIR
import asyncio
import sys

from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP


async def main(maildir):
    loop = asyncio.get_running_loop()
    handler = Mailbox(maildir)
    server = await loop.create_server(lambda: SMTP(handler), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
