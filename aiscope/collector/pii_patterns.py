"""Regular expressions for the personal data and secrets the collector masks.

The redaction processor applies them, in this order, to every string value
it sees: span, span event, log, datapoint and resource attributes, and log
bodies (plain strings and every level of structured ones). A match is
replaced by `****` and the text around it is kept, so "refund card 4111 1111
1111 1111 please" still says what happened.

The syntax is Go's RE2: no look-around and no back-references. That is why
a few patterns mask their keyword too ("account 12345678" becomes `****`):
without look-behind the digits cannot be matched on their own. Specific
shapes come before broad ones, so a bearer token carrying a JWT is masked as
one piece and an IBAN is not half-eaten by the card pattern. No pattern
contains `$`, which the collector's config loader would take for a variable.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PiiPattern:
    name: str
    regex: str
    why: str


PII_PATTERNS: tuple[PiiPattern, ...] = (
    PiiPattern(
        "private_key",
        r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----",
        "PEM private keys pasted into prompts or error messages",
    ),
    PiiPattern(
        "jwt",
        r"eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*",
        "JSON web tokens: a base64 JSON header and payload always start with eyJ",
    ),
    PiiPattern(
        "bearer_token",
        r"\b(?i:bearer)\s+[A-Za-z0-9._~+/-]+=*",
        "Authorization header values copied into logs",
    ),
    PiiPattern(
        "openai_or_anthropic_key",
        r"\bsk-(?:proj-|ant-(?:api\d\d-)?)?[A-Za-z0-9_-]{20,}",
        "model provider API keys (sk-..., sk-proj-..., sk-ant-...)",
    ),
    PiiPattern(
        "stripe_key",
        r"\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}",
        "payment provider secret and restricted keys",
    ),
    PiiPattern(
        "aws_access_key",
        r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}\b",
        "AWS access key ids",
    ),
    PiiPattern(
        "github_token",
        r"(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})",
        "GitHub personal, OAuth, app and fine-grained tokens",
    ),
    PiiPattern(
        "slack_token",
        r"xox[abposr]-[A-Za-z0-9-]{10,}",
        "Slack bot and user tokens",
    ),
    PiiPattern(
        "google_api_key",
        r"AIza[0-9A-Za-z_-]{35}",
        "Google Cloud API keys",
    ),
    PiiPattern(
        "password_assignment",
        r"\b(?i:password|passwd|pwd|secret)\s*[:=]\s*\S+",
        "credentials written as key=value in free text",
    ),
    PiiPattern(
        "email",
        r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b",
        "e-mail addresses",
    ),
    PiiPattern(
        "iban",
        r"\b[A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b",
        "international bank account numbers (two letters, two check digits, 11-30 more)",
    ),
    PiiPattern(
        "payment_card",
        r"\b(?:4[0-9]{3}|5[1-5][0-9]{2}|2[2-7][0-9]{2}|6(?:011|5[0-9]{2}))(?:[ -]?[0-9]{4}){3}\b"
        r"|\b3[47][0-9]{2}[ -]?[0-9]{6}[ -]?[0-9]{5}\b",
        "Visa, Mastercard, Discover (16 digits) and American Express (15), with or without"
        " separators; the issuer prefixes keep epoch timestamps and ids from matching",
    ),
    PiiPattern(
        "us_ssn",
        r"\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b",
        "US social security numbers",
    ),
    PiiPattern(
        "uk_national_insurance",
        r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\b",
        "UK national insurance numbers",
    ),
    PiiPattern(
        "bank_account",
        r"\b(?i:account|acct|a/c)(?:\s*(?i:no\.?|number|#))?\s*[:#]?\s*[0-9]{6,17}\b"
        r"|\b[0-9]{2}-[0-9]{2}-[0-9]{2}\s+[0-9]{8}\b",
        "account numbers introduced as such, and UK sort code plus account number",
    ),
    PiiPattern(
        "ipv4",
        r"\b(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}"
        r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\b",
        "IPv4 addresses, personal data under GDPR",
    ),
    PiiPattern(
        "phone_international",
        r"\+[1-9][0-9]{0,2}[ .-]?(?:\([0-9]{1,4}\)[ .-]?)?[0-9]{2,4}(?:[ .-]?[0-9]{2,4}){1,4}\b",
        "phone numbers written with a country code",
    ),
    PiiPattern(
        "phone_north_american",
        r"(?:\([0-9]{3}\)\s?|\b[0-9]{3}[ .-])[0-9]{3}[ .-][0-9]{4}\b",
        "North American phone numbers such as (415) 555-0134 or 415-555-0134",
    ),
)


def blocked_values() -> list[str]:
    """The redaction processor's `blocked_values`, in application order.

    One expression per pattern: Go's regexp runs a long alternation on its
    slower general matcher, so a single combined expression measured slower
    than the list (see docs/BENCHMARKS.md).
    """
    return [pattern.regex for pattern in PII_PATTERNS]
