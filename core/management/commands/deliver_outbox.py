"""Sweep the outbox: deliver due messages and retries until stopped (SIGTERM stops cleanly)."""

import signal
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.outbox import outbox_deliver_one, outbox_due


class Command(BaseCommand):
    help = "投递发送队列中到期的消息（含重试）；收到 SIGTERM 后处理完当前消息即退出。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="sweep once and exit")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between sweeps")

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while not self.stopping:
            delivered = self.sweep()
            if once:
                break
            if not delivered:
                self._sleep(interval)

    def sweep(self) -> int:
        """Try every due message once; the number tried."""
        tried = 0
        for message_id in outbox_due():
            if self.stopping:
                break
            message = outbox_deliver_one(message_id=message_id)
            if message is not None:
                tried += 1
                self.stdout.write(f"{message.message_id} {message.recipient_kind} {message.state}")
        return tried

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.2)

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True
