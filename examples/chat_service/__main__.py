"""`python -m examples.chat_service --endpoint localhost:4317 --requests 200`: demo traffic."""

from __future__ import annotations

import argparse
import logging
import random

from .requests import ChatRequest
from .traffic import send_requests

OUTCOMES = ("success", "error", "safety", "budget")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoint", default="localhost:4317", help="OTLP host:port")
    parser.add_argument("--protocol", choices=("grpc", "http"), default="grpc")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    rng = random.Random(args.seed)
    requests = [
        ChatRequest(
            tenant=rng.choice(("acme", "globex", "initech")),
            route=rng.choice(("chat", "rag")),
            outcome=rng.choices(OUTCOMES, weights=(90, 5, 3, 2))[0],
            retrieval=rng.random() < 0.5,
            tool=rng.choice((None, "search_orders")),
            style=rng.choice(("canonical", "tutorial", "openllmetry")),
        )
        for _ in range(args.requests)
    ]
    sent = send_requests(args.endpoint, requests, protocol=args.protocol)
    print(f"sent {len(sent)} requests ({sum(s.span_count for s in sent)} spans)")


if __name__ == "__main__":
    main()
