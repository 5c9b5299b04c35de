"""Personal data and secrets the collector must mask, each inside ordinary words.

Each sample sits between two markers (`left-<kind>` and `right-<kind>`):
after redaction the sample must be gone from every exported byte, and the
markers, plain text around it, must still be there. The secrets are
well-known fakes (documentation examples, test card numbers), and some are
assembled from pieces so that secret scanners do not flag this file.
"""

from __future__ import annotations

PII_SAMPLES: dict[str, str] = {
    "email": "alice.smith@example.com",
    "visa_card": "4111 1111 1111 1111",
    "mastercard": "5500-0000-0000-0004",
    "amex_card": "378282246310005",
    "iban_de": "DE89 3704 0044 0532 0130 00",
    "iban_gb": "GB82WEST12345698765432",
    "bank_account": "account number 12345678",
    "uk_sort_code_account": "20-00-00 55779911",
    "phone_us": "(415) 555-0134",
    "phone_international": "+44 20 7946 0958",
    "us_ssn": "123-45-6789",
    "uk_national_insurance": "AB 12 34 56 C",
    "openai_key": "sk-proj-" + "Xy7Qw2Er9Ty4Ui1Op6As3Df8",
    "anthropic_key": "sk-ant-api03-" + "Gh5Jk8Lz2Xc7Vb4Nm1Qw9Er6",
    "aws_access_key": "AKIA" + "IOSFODNN7EXAMPLE",
    "github_token": "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
    "bearer_token": "Bearer " + "mF_9.B5f-4.1JqM",
    "jwt": "eyJhbGciOiJIUzI1NiJ9."
    + "eyJzdWIiOiIxMjM0NTY3ODkwIn0."
    + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    "ipv4": "192.168.10.24",
    "slack_token": "xoxb-" + "123456789012-AbCdEfGhIjKl",
    "stripe_key": "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
    "google_api_key": "AIza" + "SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
    "password": "password=hunter2hunter2",
}

# Parts of a sample that would still identify someone if a pattern masked
# only some of it (a card number with its spaces removed, an IBAN's digits).
FRAGMENTS: dict[str, tuple[str, ...]] = {
    "visa_card": ("4111111111111111", "1111 1111 1111"),
    "mastercard": ("5500000000000004",),
    "iban_de": ("0532 0130", "370400440532013000"),
    "iban_gb": ("12345698765432",),
    "bank_account": ("12345678",),
    "uk_sort_code_account": ("55779911",),
    "phone_us": ("555-0134",),
    "phone_international": ("7946 0958",),
    "us_ssn": ("45-6789",),
    "openai_key": ("Xy7Qw2Er9Ty4Ui1Op6As3Df8",),
    "anthropic_key": ("Gh5Jk8Lz2Xc7Vb4Nm1Qw9Er6",),
    "github_token": ("a1B2c3D4e5F6g7H8i9J0",),
    "bearer_token": ("mF_9.B5f-4.1JqM",),
    "jwt": ("dozjgNryP4J3jVmNHl0w5N",),
    "stripe_key": ("4eC39HqLyjWDarjtT1zdp7dc",),
    "password": ("hunter2hunter2",),
}


def sentence(kind: str) -> str:
    """The sample of `kind` inside ordinary text."""
    return f"left-{kind} {PII_SAMPLES[kind]} right-{kind}"


def secrets_of(kind: str) -> tuple[str, ...]:
    """Every string that must not survive for this kind."""
    return (PII_SAMPLES[kind], *FRAGMENTS.get(kind, ()))
