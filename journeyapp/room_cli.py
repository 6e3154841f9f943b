"""journeyapp host: a workshop room for phones without the window, for a second laptop and
for tests. It prints the join address and runs until Ctrl+C, SIGTERM or its closing time."""

from __future__ import annotations

import argparse
import contextlib
import math
import signal
import socket
from pathlib import Path

from journeyapp.models.errors import PlaybookError

MOST_MINUTES = 7 * 24 * 60  # a week


def add_room_parser(sub) -> None:
    host = sub.add_parser("host", help="open a workshop room that phones join, without the window")
    host.add_argument("file", type=Path)
    host.add_argument(
        "--bind",
        metavar="ADDRESS",
        help="the one interface to listen on (default: this computer's local network address)",
    )
    host.add_argument("--port", type=_port, default=0, help="the port (default: any free one)")
    host.add_argument("--minutes", type=_minutes, help="close the room after this many minutes")
    host.add_argument(
        "--stage", help="the stage the phones show, by name or id (default: the first)"
    )
    host.add_argument(
        "--private", action="store_true", help="notes stay hidden until they are revealed"
    )
    host.add_argument("--names-required", action="store_true", help="no joining anonymously")
    host.add_argument(
        "--vote",
        type=int,
        metavar="DOTS",
        help="open a round of dot voting, DOTS each, over the improvements and parked notes",
    )


def _minutes(text: str) -> float:
    try:
        minutes = float(text)
    except ValueError:
        minutes = math.nan
    if not 0 < minutes <= MOST_MINUTES:  # nan is refused here too
        raise argparse.ArgumentTypeError(
            f"give a number of minutes above 0 and up to {MOST_MINUTES:,}, not {text}"
        )
    return minutes


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is a number from 0 to 65535, not {text}")
    return port


def local_address() -> str:
    """The address this computer has on its local network: the one a phone on the same Wi-Fi
    reaches. Connecting a UDP socket sends nothing; it only picks the outgoing interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def _stage_id(playbook, wanted: str | None) -> str | None:
    stages = playbook.stages_in_journey_order()
    if wanted is None:
        return stages[0].id if stages else None
    folded = wanted.casefold()
    for stage in stages:
        if stage.id == wanted or stage.name.casefold() == folded:
            return stage.id
    names = ", ".join(s.name for s in stages[:8])
    raise PlaybookError(f"There is no stage “{wanted}”; the map has {names}.")


def run_host(args: argparse.Namespace) -> int:
    from journeyapp.models.edit_session import EditSession
    from journeyapp.models.store import Store
    from journeyapp.room import Room
    from journeyapp.room_server import RoomServer
    from journeyapp.room_writer import SessionWriter

    store = Store.open(args.file)
    try:
        store.refuse_if_read_only()
        playbook = store.load()
        session = EditSession(playbook, store)
        vote = None if args.vote is None else _round(playbook, args.vote)
        room = Room(
            SessionWriter(session),
            stage_id=_stage_id(playbook, args.stage),
            private=args.private,
            anonymous=not args.names_required,
        )
        server = RoomServer(room, args.bind or local_address(), args.port)
        import asyncio  # loaded by the command that serves, not by every command

        # The round opens once the room listens: a room that cannot start changes nothing.
        listening = None if vote is None else (lambda: session.apply(vote))
        asyncio.run(_serve(server, args.minutes, listening))
    finally:
        store.close()
    return 0


def _round(playbook, dots: int):
    import datetime

    from journeyapp.models.dot_voting import start_round

    if not 1 <= dots <= 20:
        raise PlaybookError(f"Give each person 1 to 20 dots, not {dots}.")
    targets = [f"improvement:{i.id}" for i in playbook.improvements]
    targets += [f"note:{n.id}" for n in playbook.notes]
    now = datetime.datetime.now().isoformat(timespec="seconds")
    return start_round(playbook, targets, dots, now)


async def _serve(server, minutes: float | None, listening=None) -> None:
    try:
        url = await server.start()
    except OSError as error:  # the port is checked as it is read (_port)
        why = getattr(error, "strerror", None) or str(error)
        raise PlaybookError(
            f"The room cannot listen on {server.bind} port {server.port}: {why}."
        ) from None
    import asyncio

    if listening is not None:
        try:
            listening()
        except BaseException:
            await server.close()
            raise

    print(f"Join the room at {url}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on this platform
            loop.add_signal_handler(signum, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), None if minutes is None else minutes * 60)
    except TimeoutError:
        pass
    finally:
        await server.close()
        print("The room has closed.", flush=True)
