"""Kill safety for the workshop room: `journeyapp host` serves phones that post notes and place
dots as fast as they are answered, and is SIGKILLed at a random moment. The file is then
reopened: it must pass SQLite's integrity check, hold every note and dot a phone saw
acknowledged, and hold none twice.

    python benchmarks/room_kill.py [TRIALS]      (default 50; prints one JSON line)
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

PHONES = 8


def _host(path: Path) -> tuple[subprocess.Popen, str]:
    command = [sys.executable, "-m", "journeyapp", "host", str(path), "--bind", "127.0.0.1",
               "--vote", "20"]  # fmt: skip
    host = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = host.stdout.readline()
    match = re.search(r"(http://\S+/)", line)
    if match is None:
        host.kill()
        raise RuntimeError(f"the host did not start: {line!r}")
    return host, match[1]


async def _phones(url: str, stop_after: float, rng: random.Random) -> tuple[set, set]:
    acked_notes: set[str] = set()
    acked_dots: set[str] = set()
    targets: list[str] = []

    async def phone(n: int) -> None:
        with_timeout = aiohttp.ClientTimeout(total=None, sock_connect=2)
        async with aiohttp.ClientSession(timeout=with_timeout) as session:
            try:
                async with session.ws_connect(url + "ws") as ws:
                    join = {"type": "join", "guest": f"guest-kill-{n:06d}", "name": f"P{n}",
                            "team": "Sales"}  # fmt: skip
                    await ws.send_str(json.dumps(join))
                    welcome = json.loads((await ws.receive()).data)
                    targets.extend(
                        t["target"] for t in (welcome.get("round") or {}).get("targets", [])
                    )
                    k = 0
                    while True:
                        k += 1
                        dot = targets and k % 3 == 0
                        message_id = f"k{n:03d}-{k:05d}{'-dot' if dot else ''}"
                        message = (
                            {"type": "dot", "id": message_id, "target": rng.choice(targets)}
                            if dot
                            else {
                                "type": "note",
                                "id": message_id,
                                "text": f"Idea {k}",
                                "where": "board",
                            }
                        )
                        await ws.send_str(json.dumps(message))
                        while True:
                            answer = json.loads((await ws.receive()).data)
                            if (
                                answer.get("type") in ("ack", "refused")
                                and answer.get("id") == message_id
                            ):
                                break
                        if answer["type"] == "ack":
                            (acked_dots if dot else acked_notes).add(message_id)
            except (aiohttp.ClientError, ConnectionError, TypeError, ValueError, KeyError):
                return  # the host was killed under it

    tasks = [asyncio.ensure_future(phone(n)) for n in range(PHONES)]
    await asyncio.sleep(stop_after)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return acked_notes, acked_dots


def trial(seed: int, folder: Path) -> dict:
    """One run: phones post, the host is killed, the file is checked."""
    from journeyapp.models.store import Store
    from journeyapp.models.templates import load_template

    rng = random.Random(seed)
    path = folder / f"kill-{seed}.journey"
    Store.create(path, load_template("b2b-saas")).close()
    host, url = _host(path)
    kill_at = rng.uniform(0.3, 2.5)

    async def run() -> tuple[set, set]:
        phones = asyncio.ensure_future(_phones(url, kill_at + 1.0, rng))
        await asyncio.sleep(kill_at)
        os.kill(host.pid, signal.SIGKILL)
        return await phones

    acked_notes, acked_dots = asyncio.run(run())
    host.wait()
    with sqlite3.connect(path) as conn:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    store = Store.open(path, read_only=True)
    playbook = store.load()
    store.close()
    notes = [n.id.removeprefix("note-room-") for n in playbook.notes if n.guest]
    dots = [d.id for r in playbook.rounds for d in r.dots]
    return {
        "integrity": integrity,
        "acked": len(acked_notes) + len(acked_dots),
        "lost": len(acked_notes - set(notes)) + len(acked_dots - set(dots)),
        "doubled": (len(notes) - len(set(notes))) + (len(dots) - len(set(dots))),
        "unacked_but_saved": len(set(notes) - acked_notes) + len(set(dots) - acked_dots),
    }


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    folder = Path(tempfile.mkdtemp())
    started = time.monotonic()
    results = [trial(seed, folder) for seed in range(trials)]
    print(
        json.dumps(
            {
                "benchmark": "room_kill",
                "trials": trials,
                "acknowledged": sum(r["acked"] for r in results),
                "lost": sum(r["lost"] for r in results),
                "doubled": sum(r["doubled"] for r in results),
                "damaged_files": sum(r["integrity"] != "ok" for r in results),
                "saved_without_acknowledgement": sum(r["unacked_but_saved"] for r in results),
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
