"""The workshop room under a full room's load: 100 phones on loopback, each joining, posting
10 notes and placing 5 dots within one minute, while the host is the real window (offscreen)
applying every request as an undoable, committed edit and telling every phone.

Figures: the notes per second the host accepted, and the latency from a phone sending a note
to that phone receiving the room's broadcast of it (median, p95, p99). Baseline, same run and
same load: a bare aiohttp server that broadcasts each message to every phone as it comes,
with no playbook, no file and no window. Then the file is reopened: every acknowledged note
and dot must be in it, once. Prints one JSON line.

    python benchmarks/bench_room.py [--quick]      (--quick: 20 phones over 10 seconds)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import aiohttp
from aiohttp import web
from fresh_settings import fresh_settings
from virtual_screen import offscreen_unless_told

sys.path.insert(0, str(Path(__file__).parent))
NOTES_EACH, DOTS_EACH = 10, 5
TEAMS = ("Marketing", "Sales", "Customer Success")


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1)

    return {"median": round(statistics.median(ordered) * 1000, 1), "p95": at(0.95), "p99": at(0.99)}


class Phones:
    """Simulated phones on a thread of their own, so the host's thread only hosts."""

    def __init__(self, url: str, count: int, seconds: float, targets: list[str], seed: int = 21):
        self.url, self.count, self.seconds, self.targets = url, count, seconds, targets
        self.rng = random.Random(seed)
        self.latencies: list[float] = []
        self.acked_notes: set[str] = set()
        self.acked_dots: set[str] = set()
        self.refused: list[str] = []

    def run(self) -> None:
        asyncio.run(self._all())

    async def _all(self) -> None:
        async with aiohttp.ClientSession() as session:
            await asyncio.gather(*(self._phone(session, n) for n in range(self.count)))

    async def _phone(self, session, n: int) -> None:
        rng = random.Random(self.rng.random())
        sent: dict[str, float] = {}
        async with session.ws_connect(self.url + "ws", max_msg_size=0) as ws:
            join = {"type": "join", "guest": f"guest-bench-{n:06d}", "name": f"P{n}",
                    "team": TEAMS[n % len(TEAMS)]}  # fmt: skip
            await ws.send_str(json.dumps(join))
            reader = asyncio.ensure_future(self._read(ws, sent))
            moments = sorted(rng.uniform(0, self.seconds) for _ in range(NOTES_EACH + DOTS_EACH))
            kinds = ["note"] * NOTES_EACH + ["dot"] * DOTS_EACH
            rng.shuffle(kinds)
            start = time.monotonic()
            for k, (moment, kind) in enumerate(zip(moments, kinds, strict=True)):
                await asyncio.sleep(max(0.0, start + moment - time.monotonic()))
                message_id = f"b{n:04d}-{k:03d}-{kind}"
                if kind == "note":
                    message = {"type": "note", "id": message_id, "text": f"Idea {k} from {n}",
                               "where": "board"}  # fmt: skip
                else:
                    message = {"type": "dot", "id": message_id, "target": rng.choice(self.targets)}
                sent[message_id] = time.monotonic()
                await ws.send_str(json.dumps(message))
            await asyncio.sleep(3)  # the last broadcasts
            reader.cancel()

    async def _read(self, ws, sent: dict[str, float]) -> None:
        async for message in ws:
            data = json.loads(message.data)
            kind = data.get("type")
            if kind == "ack":
                (self.acked_dots if data["id"].endswith("dot") else self.acked_notes).add(
                    data["id"]
                )
            elif kind == "refused":
                self.refused.append(data.get("message", ""))
            elif kind in ("notes", "echo"):
                for note in data.get("notes", [data]):
                    client = note["id"].removeprefix("note-room-")
                    if client in sent and note.get("type", "note") == "note":
                        self.latencies.append(time.monotonic() - sent.pop(client))


async def _echo_server() -> tuple[str, web.AppRunner]:
    """The baseline: the same library, broadcasting every message to every phone."""
    sockets: set = set()

    async def socket(request):
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        sockets.add(ws)
        async for message in ws:
            data = json.loads(message.data)
            if data.get("type") == "join":
                continue
            await ws.send_str(json.dumps({"type": "ack", "id": data["id"]}))
            text = json.dumps({"type": "echo", "notes": [data]})
            for other in list(sockets):
                if not other.closed:
                    await other.send_str(text)
        sockets.discard(ws)
        return ws

    app = web.Application()
    app.router.add_get("/room/ws", socket)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/room/", runner


def baseline(count: int, seconds: float) -> Phones:
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()
    url, runner = asyncio.run_coroutine_threadsafe(_echo_server(), loop).result(10)
    phones = Phones(url, count, seconds, ["improvement:x"])
    phones.run()
    asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    return phones


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    count, seconds = (20, 10.0) if quick else (100, 60.0)
    offscreen_unless_told(1920, 1080)
    fresh_settings()
    from journeyapp.models.dot_voting import start_round
    from journeyapp.models.room_notes import Guest, post_note
    from journeyapp.models.store import Store
    from journeyapp.models.templates import load_template
    from PySide6.QtCore import QCoreApplication

    from journeyapp.app import create_application
    from journeyapp.document import Document
    from journeyapp.main_window import MainWindow
    from journeyapp.room import Limits
    from journeyapp.settings import AppSettings

    path = Path(tempfile.mkdtemp()) / "room.journey"
    Store.create(path, load_template("b2b-saas")).close()
    app = create_application()
    window = MainWindow(AppSettings())
    window.set_document(Document.open(path))
    window.resize(1920, 1080)
    window.show()
    playbook = window.document.playbook
    facilitator = Guest("guest-facilitator", "Dana", "Marketing")
    for k in range(6):
        window.apply_edit(
            post_note(playbook, facilitator, f"seed-idea-{k:04d}", f"Idea {k}", None, "2026-12-01")
        )
    targets = [f"note:note-room-seed-idea-{k:04d}" for k in range(6)]
    window.apply_edit(start_round(playbook, targets, DOTS_EACH, "2026-12-01T10:00:00"))
    workshop = window.workshop
    workshop.room.bind = "127.0.0.1"
    window.action_invite_room.trigger()
    workshop.room.host.room.limits = Limits(guests=200, notes_per_minute=NOTES_EACH + 5)
    phones = Phones(workshop.room.host.url, count, seconds, targets)
    done = threading.Event()
    started = time.monotonic()
    threading.Thread(target=lambda: (phones.run(), done.set()), daemon=True).start()
    while not done.is_set():
        QCoreApplication.processEvents()
        time.sleep(0.001)
    elapsed = time.monotonic() - started
    window.action_close_room.trigger()
    window.document.close()
    window.document = None

    store = Store.open(path, read_only=True)
    saved = store.load()
    store.close()
    notes = [
        n.id.removeprefix("note-room-") for n in saved.notes if n.guest.startswith("guest-bench")
    ]
    dots = [d.id for r in saved.rounds for d in r.dots]
    lost = len(phones.acked_notes - set(notes)) + len(phones.acked_dots - set(dots))
    doubled = (len(notes) - len(set(notes))) + (len(dots) - len(set(dots)))

    base = baseline(count, seconds)
    figure, against = percentiles(phones.latencies), percentiles(base.latencies)
    print(
        json.dumps(
            {
                "benchmark": "room",
                "phones": count,
                "seconds": seconds,
                "notes_acknowledged": len(phones.acked_notes),
                "dots_acknowledged": len(phones.acked_dots),
                "notes_per_second": round(len(phones.acked_notes) / elapsed, 1),
                "latency_ms": figure,
                "baseline": "bare aiohttp broadcast, same load",
                "baseline_latency_ms": against,
                "p95_ms": figure["p95"],
                "baseline_p95_ms": against["p95"],
                "ratio_p95": round(figure["p95"] / max(against["p95"], 0.1), 2),
                "refused": len(phones.refused),
                "lost": lost,
                "doubled": doubled,
                "targets": {"p95_ms": 250},
            }
        )
    )
    del app


if __name__ == "__main__":
    main()
