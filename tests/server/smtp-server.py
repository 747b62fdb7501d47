#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A real SMTP server (aiosmtpd) on 127.0.0.1 and a free port for the
# mail tests: prints the port on its first line, then keeps every
# message it is given in the Maildir MAILDIR until it is terminated.
# With a certificate and key it offers STARTTLS and requires it; with a
# login and password it requires AUTH (PLAIN or LOGIN) with them.
#
#   smtp-server.py MAILDIR [CERT KEY [LOGIN PASSWORD]]
import asyncio
import ssl
import sys

from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def authenticator_for(login, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == login.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False)
    return authenticate


async def main(maildir, cert=None, key=None, login=None, password=None):
    loop = asyncio.get_running_loop()
    handler = Mailbox(maildir)
    options = {}
    if cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        options.update(tls_context=context, require_starttls=True)
    if login:
        options.update(authenticator=authenticator_for(login, password),
                       auth_required=True, auth_require_tls=True)
    server = await loop.create_server(lambda: SMTP(handler, **options), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:]))
