"""The workshop room over the network, on loopback: the room code guards every address, the
page is the app's own and runs no inline script, a phone joins, posts, changes and withdraws
its notes, every acknowledged note is in the file, a resend is taken once, and each limit
answers with a sentence while the room carries on."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import subprocess
import sys

import aiohttp
import pytest
from journeyapp.models.edit_session import EditSession
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

from journeyapp.room import Limits, Room
from journeyapp.room_server import RoomServer
from journeyapp.room_writer import SessionWriter


@contextlib.asynccontextmanager
async def hosted(tmp_path, **options):
    path = tmp_path / "room.journey"
    Store.create(path, load_template("b2b-saas")).close()
    store = Store.open(path)
    room = Room(SessionWriter(EditSession(store.load(), store)), "stage-discovery", **options)
    server = RoomServer(room, "127.0.0.1", 0)
    await server.start()
    try:
        async with aiohttp.ClientSession() as client:
            yield server, client, path
    finally:
        await server.close()
        store.close()


class Phone:
    def __init__(self, ws):
        self.ws = ws

    async def send(self, **message):
        await self.ws.send_str(json.dumps(message))

    async def next(self, kind: str, where=lambda message: True) -> dict:
        """The next message of that type (that ``where`` accepts), skipping the others."""
        while True:
            message = json.loads((await asyncio.wait_for(self.ws.receive(), 5)).data)
            if message["type"] == kind and where(message):
                return message


async def joined(server, client, guest, name="Ana", team="Sales") -> Phone:
    ws = await client.ws_connect(server.url + "ws")
    phone = Phone(ws)
    await phone.send(type="join", guest=guest, name=name, team=team)
    return phone


def saved_notes(path):
    store = Store.open(path, read_only=True)
    try:
        return {n.id: n for n in store.load().notes}
    finally:
        store.close()


def run(coroutine):
    asyncio.run(coroutine)


def test_without_the_room_code_every_address_is_a_bare_404(tmp_path):
    async def scenario():
        async with hosted(tmp_path) as (server, client, _):
            root = server.url.rsplit("/room/", 1)[0]
            wrong = f"{root}/room/{'A' * len(server.room.code)}/"
            for address in (wrong, wrong + "lobby", wrong + "room.js", root + "/", wrong + "ws"):
                async with client.get(address) as answer:
                    assert answer.status == 404, address
                    assert server.room.code not in await answer.text()
            async with client.get(server.url) as page:
                assert page.status == 200
                csp = page.headers["Content-Security-Policy"]
                assert "default-src 'none'" in csp and "script-src 'self'" in csp
                assert "unsafe-inline" not in csp
                html = await page.text()
            scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
            assert scripts and all('src="' in tag and not body.strip() for tag, body in scripts)
            assert " on" not in re.sub(r"\s+", " ", " ".join(re.findall(r"<[^>]+>", html)))

    run(scenario())


def test_a_phone_joins_posts_and_the_note_is_in_the_file_once(tmp_path):
    async def scenario():
        async with hosted(tmp_path) as (server, client, path):
            async with client.get(server.url + "lobby") as lobby:
                assert "Sales" in (await lobby.json())["teams"]
            phone = await joined(server, client, "guest-ana-000001")
            welcome = await phone.next("joined")
            assert welcome["stage"]["name"] == "Opportunity: Discovery"
            await phone.send(type="note", id="note-0000000001", text="Ask who signs", where="stage")
            assert (await phone.next("ack"))["id"] == "note-0000000001"
            note = saved_notes(path)["note-room-note-0000000001"]  # in the file when acked
            assert (note.text, note.author, note.team, note.stage) == (
                "Ask who signs",
                "Ana",
                "Sales",
                "stage-discovery",
            )
            await phone.send(type="note", id="note-0000000001", text="Ask who signs", where="stage")
            await phone.next("ack")  # a resend after a lost answer is acknowledged again…
            mine = [n for n in saved_notes(path).values() if n.guest == "guest-ana-000001"]
            assert len(mine) == 1  # …and taken once

    run(scenario())


def test_the_room_follows_a_note_and_only_its_author_may_change_it(tmp_path):
    async def scenario():
        async with hosted(tmp_path) as (server, client, path):
            ana = await joined(server, client, "guest-ana-000001")
            await ana.next("joined")
            ben = await joined(server, client, "guest-ben-000002", "Ben <b>", "Marketing")
            ben_tag = (await ben.next("joined"))["me"]
            await ana.send(
                type="note", id="note-0000000002", text="<img src=x> pilot", where="board"
            )
            await ana.next("ack")
            seen = await ben.next("notes")
            (note,) = seen["notes"]  # only what changed
            assert note["text"] == "<img src=x> pilot" and note["author"] == "Ana"
            ana_tag = server.room.tag("guest-ana-000001")
            assert note["owner"] == ana_tag != ben_tag  # whose it is, without the guest's id
            assert "guest-ana-000001" not in json.dumps(seen)
            await ben.send(type="withdraw", id="note-0000000002")
            refused = await ben.next("refused")
            assert refused["message"] == "That note is not yours, or it is no longer there."
            await ana.send(type="change", id="note-0000000002", text="Pilot checklist")
            await ana.next("ack")
            assert saved_notes(path)["note-room-note-0000000002"].text == "Pilot checklist"
            await ana.send(type="withdraw", id="note-0000000002")
            await ana.next("ack")
            assert "note-room-note-0000000002" not in saved_notes(path)

    run(scenario())


def test_each_limit_gets_a_sentence_and_the_room_carries_on(tmp_path):
    limits = Limits(guests=2, notes_per_minute=2, message_bytes=600)

    async def scenario():
        async with hosted(tmp_path, limits=limits, anonymous=False) as (server, client, path):
            nameless = await joined(server, client, "guest-nobody-01", name="  ")
            assert (await nameless.next("refused"))[
                "message"
            ] == "Give your name to join this room."
            ana = await joined(server, client, "guest-ana-000001")
            await ana.next("joined")
            await ana.send(type="note", id="note-x" * 3, text="x" * 700)
            assert (await ana.next("refused"))["message"] == "That is too long for the room."
            await ana.ws.send_str("{not json")
            assert (await ana.next("refused"))["message"] == "The room could not read that."
            for n in range(2):
                await ana.send(
                    type="note", id=f"note-limit-{n:04d}", text=f"Idea {n}", where="board"
                )
                await ana.next("ack")
            await ana.send(type="note", id="note-limit-0002", text="One more", where="board")
            refused = await ana.next("refused")
            assert (
                refused["id"] == "note-limit-0002" and "2 notes in a minute" in refused["message"]
            )
            await joined(server, client, "guest-ben-000002", "Ben")
            third = await joined(server, client, "guest-cat-000003", "Cat")
            assert (await third.next("refused"))["message"] == "The room is full (2 people)."
            await ana.send(type="change", id="note-limit-0000", text="Still here")
            await ana.next("ack")  # the room carried on
            assert saved_notes(path)["note-room-note-limit-0000"].text == "Still here"

    run(scenario())


def test_private_notes_and_closing_the_room(tmp_path):
    async def scenario():
        async with hosted(tmp_path, private=True) as (server, client, _):
            ana = await joined(server, client, "guest-ana-000001")
            await ana.next("joined")
            ben = await joined(server, client, "guest-ben-000002", "Ben", "Marketing")
            assert (await ben.next("joined"))["private"] is True
            await ana.send(type="note", id="note-0000000003", text="Quiet idea", where="stage")
            await ana.next("ack")
            mine = await ana.next("notes")
            assert [n["text"] for n in mine["notes"]] == ["Quiet idea"]  # its author sees it
            seen = await ben.next("notes")
            assert seen["notes"] == [] and seen["gone"] == ["note-room-note-0000000003"]
            await server.close()
            assert (await ben.next("closed"))["type"] == "closed"
            with pytest.raises(aiohttp.ClientConnectionError):
                async with client.get(server.url):
                    pass

    run(scenario())


def test_the_host_command_prints_the_address_and_closes_on_time(tmp_path):
    path = tmp_path / "room.journey"
    Store.create(path, load_template("b2b-saas")).close()
    command = [sys.executable, "-m", "journeyapp", "host", str(path), "--bind", "127.0.0.1"]
    done = subprocess.run(
        [*command, "--minutes", "0.01"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert re.match(r"Join the room at http://127\.0\.0\.1:\d+/room/[\w-]{16}/\n", done.stdout)
    assert done.stdout.endswith("The room has closed.\n")
    wrong = subprocess.run(
        [*command, "--stage", "Nowhere"], capture_output=True, text=True, timeout=60
    )
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert wrong.stderr.startswith("journeyapp: There is no stage “Nowhere”; the map has ")
    assert wrong.stderr.count("\n") == 1


def test_a_host_that_cannot_start_says_so_in_a_line_and_leaves_the_file_as_it_was(tmp_path):
    """--port 99999 printed a 30-line traceback; with --vote, a room that failed to start
    still left a round of voting open in the file, and the retry was refused for it."""
    path = tmp_path / "room.journey"
    Store.create(path, load_template("b2b-saas")).close()
    before = path.read_bytes()
    command = [sys.executable, "-m", "journeyapp", "host", str(path), "--bind", "127.0.0.1"]
    for wrong in (["--port", "99999"], ["--port", "-5"], ["--bind", "999.1.1.1", "--vote", "3"]):
        done = subprocess.run([*command, *wrong], capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, (wrong, done.stderr)
        assert done.stderr.startswith("journeyapp: ") and done.stderr.count("\n") == 1, wrong
        assert path.read_bytes() == before, wrong


def test_a_round_of_voting_from_the_phones_split_by_team(tmp_path):
    from journeyapp.models.dot_voting import end_round, results, start_round

    async def scenario():
        async with hosted(tmp_path) as (server, client, _):
            ana = await joined(server, client, "guest-ana-000001")
            await ana.next("joined")
            ben = await joined(server, client, "guest-ben-000002", "Ben", "Marketing")
            await ben.next("joined")
            await ana.send(type="note", id="note-vote-00001", text="Book the CFO", where="board")
            await ana.next("ack")
            target = "note:note-room-note-vote-00001"

            def start(playbook, apply):
                apply(start_round(playbook, [target], 2, "2026-12-01T10:00:00"))

            await server.room._run(start)
            await server.send_views()
            opened = await ben.next("room", lambda m: m["round"] is not None)
            assert opened["round"]["open"] and opened["round"]["left"] == 2
            for n in range(3):
                await ben.send(type="dot", id=f"dot-ben-{n:06d}", target=target)
            await ben.next("ack")
            await ben.next("ack")
            refused = await ben.next("refused")
            assert refused["message"] == "You have placed all 2 of your dots."
            await ana.send(type="dot", id="dot-ana-000000", target=target)
            await ana.next("ack")

            def close(playbook, apply):
                apply(end_round(playbook, "2026-12-01T10:05:00"))
                (round_,) = playbook.rounds
                return results(playbook, round_)

            (tally,) = await server.room._run(close)
            assert dict(tally.by_team)["Marketing"] == 2 and dict(tally.by_team)["Sales"] == 1
            await server.send_views()
            closed = await ana.next("room", lambda m: m["round"]["open"] is False)
            assert closed["round"]["open"] is False
            assert closed["round"]["results"][0]["total"] == 3

    run(scenario())
