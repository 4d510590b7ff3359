"""Log lines never carry a patient's secret link: the token in the path of a personal link is replaced.

Django logs the path of every failed request ("Bad Request: /appointments/<token>/") and runserver
logs every request line; anyone who can read the logs could open the patient's page with it.
"""

import logging
import re

# The pages behind a signed link in an e-mail, with or without the language prefix (/en/).
# An employee's password-reset link carries its token after the account's id.
TOKEN_PATH = re.compile(
    r"(/(?:[a-z]{2}/)?(?:intake/resume|appointments|review/message|questionnaire|accounts/password/reset/[^/\s\"'?#]+)/)"
    r"[^/\s\"'?#]+")


def redact_tokens(text):
    return TOKEN_PATH.sub(r"\1<token>", text)


class RedactTokens(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        redacted = redact_tokens(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
