"""The participant's page in a real browser at phone size (390×844): joining, posting a note
that lands in the file and comes back as typed, hostile text shown as text, large touch
targets and no sideways scrolling, and the stage moving when the facilitator walks on."""

from __future__ import annotations

import asyncio
import threading

import pytest
from journeyapp.models.edit_session import EditSession
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template
from room_browser import phone_browser
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from journeyapp.room import Room
from journeyapp.room_server import RoomServer
from journeyapp.room_writer import SessionWriter


class HeadlessHost:
    """journeyapp host in the test's process: the room on a thread and loop of its own."""

    def __init__(self, path) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.url = self.call(self._open(path))

    async def _open(self, path) -> str:
        """The file is opened on the room's thread, the only one that writes it."""
        self.store = Store.open(path)
        room = Room(SessionWriter(EditSession(self.store.load(), self.store)), "stage-mql")
        self.server = RoomServer(room, "127.0.0.1", 0)
        return await self.server.start()

    async def _close(self) -> None:
        await self.server.close()  # a second close does nothing
        self.store.close()

    def call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(10)

    def close(self) -> None:
        self.call(self._close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


@pytest.fixture
def host(tmp_path):
    path = tmp_path / "room.journey"
    Store.create(path, load_template("b2b-saas")).close()
    made = HeadlessHost(path)
    made.path = path
    yield made
    made.close()


@pytest.fixture
def phone():
    browser = phone_browser()
    yield browser
    browser.quit()


def wait(phone, condition, seconds: float = 10):
    return WebDriverWait(phone, seconds).until(lambda d: condition(d))


def join(phone, url: str, name: str, team: str) -> None:
    phone.get(url)
    wait(phone, lambda d: d.find_elements(By.CSS_SELECTOR, "#join-team option"))
    phone.find_element(By.ID, "join-name").send_keys(name)
    Select(phone.find_element(By.ID, "join-team")).select_by_visible_text(team)
    phone.find_element(By.ID, "join-button").click()
    wait(phone, lambda d: d.find_element(By.ID, "room").is_displayed())


def notes_in_file(path) -> list:
    store = Store.open(path, read_only=True)
    try:
        return [n for n in store.load().notes if n.guest]
    finally:
        store.close()


def test_a_phone_joins_posts_and_sees_its_note_saved(host, phone):
    join(phone, host.url, "Farah", "Sales")
    assert phone.find_element(By.ID, "stage-name").text == "MQL"
    assert phone.find_element(By.ID, "who").text == "Farah · Sales"
    width = phone.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390  # nothing runs off the side of the phone
    for button in ("note-stage", "note-board"):
        assert phone.find_element(By.ID, button).size["height"] >= 48  # a thumb's target

    phone.find_element(By.ID, "note-text").send_keys("Ask for the pilot's success criteria")
    phone.find_element(By.ID, "note-stage").click()
    wait(phone, lambda d: "Saved" in d.find_element(By.ID, "notes").text)
    (note,) = notes_in_file(host.path)  # "Saved" on the phone: in the file
    assert (note.text, note.author, note.team, note.stage) == (
        "Ask for the pilot's success criteria",
        "Farah",
        "Sales",
        "stage-mql",
    )


def test_hostile_text_is_shown_as_typed_on_the_phone(host, phone):
    from test_hostile_text import HOSTILE

    limit = host.server.room.limits.notes_per_minute
    typed = [h for h in HOSTILE if h.isprintable()][:limit]  # what a keyboard can type
    join(phone, host.url, "<img src=x onerror=alert(1)>", "Marketing")
    assert phone.find_element(By.ID, "who").text == "<img src=x onerror=alert(1)> · Marketing"
    for words in typed:
        phone.find_element(By.ID, "note-text").send_keys(words)
        phone.find_element(By.ID, "note-board").click()
    wait(phone, lambda d: len(notes_in_file(host.path)) == len(typed), 20)
    wait(phone, lambda d: d.find_element(By.ID, "notes").text.count("Saved") == len(typed))
    shown = [e.text for e in phone.find_elements(By.CSS_SELECTOR, "#notes .note-text")]
    assert sorted(shown) == sorted(" ".join(w.split()) for w in typed)
    assert phone.find_elements(By.CSS_SELECTOR, "#notes img, #notes b, #notes a") == []

    # Changing a note goes through its own field: hostile text stays text there too.
    mine = phone.find_elements(By.CSS_SELECTOR, "#notes li.mine")[0]
    mine.find_element(By.XPATH, ".//button[text()='Change']").click()
    field = phone.find_element(By.CSS_SELECTOR, "#notes textarea")
    field.clear()
    field.send_keys('<svg onload=alert(1)> "changed"')
    phone.find_element(By.XPATH, "//button[text()='Save the change']").click()
    wait(phone, lambda d: '<svg onload=alert(1)> "changed"' in d.find_element(By.ID, "notes").text)
    assert phone.find_elements(By.CSS_SELECTOR, "#notes svg") == []
    assert '<svg onload=alert(1)> "changed"' in [n.text for n in notes_in_file(host.path)]

    # One note too many this minute: the phone says so and keeps the words to send later.
    phone.find_element(By.ID, "note-text").send_keys("One more idea")
    phone.find_element(By.ID, "note-board").click()
    wait(phone, lambda d: d.find_element(By.ID, "banner").is_displayed())
    assert f"That is {limit} notes in a minute" in phone.find_element(By.ID, "banner").text
    assert phone.find_element(By.ID, "note-text").get_attribute("value") == "One more idea"
    assert len(notes_in_file(host.path)) == limit


def test_the_phone_follows_the_facilitators_walk(host, phone):
    join(phone, host.url, "Gus", "Customer Success")
    host.call(host.server.show_stage("stage-discovery"))
    wait(phone, lambda d: d.find_element(By.ID, "stage-name").text == "Opportunity: Discovery")
    host.call(host.server.close())
    wait(phone, lambda d: d.find_element(By.ID, "closed").is_displayed())


def test_the_phone_votes_in_a_round_and_sees_the_results_by_team(host, phone):
    from journeyapp.models.dot_voting import end_round, start_round
    from journeyapp.models.room_notes import Guest, post_note

    def prepare(playbook, apply):
        guest = Guest("guest-facilitator", "Dana", "Marketing")
        apply(post_note(playbook, guest, "note-idea-0001", "Book the CFO", None, "2026-12-01"))
        apply(post_note(playbook, guest, "note-idea-0002", "Pilot criteria", None, "2026-12-01"))
        targets = ["note:note-room-note-idea-0001", "note:note-room-note-idea-0002"]
        apply(start_round(playbook, targets, 2, "2026-12-01T10:00:00"))

    join(phone, host.url, "Farah", "Sales")
    host.call(host.server.room._run(prepare))
    host.call(host.server.send_views())
    wait(phone, lambda d: d.find_element(By.ID, "vote").is_displayed())
    assert phone.find_element(By.ID, "vote-left").text == "2 of 2 dots left"
    place = phone.find_elements(By.CSS_SELECTOR, "#vote-targets button:not(.secondary)")
    assert all(button.size["height"] >= 48 for button in place)
    place[0].click()
    wait(phone, lambda d: d.find_element(By.ID, "vote-left").text == "1 of 2 dots left")
    phone.find_elements(By.CSS_SELECTOR, "#vote-targets button:not(.secondary)")[0].click()
    wait(phone, lambda d: d.find_element(By.ID, "vote-left").text == "0 of 2 dots left")
    more = phone.find_elements(By.CSS_SELECTOR, "#vote-targets button:not(.secondary)")
    assert not any(button.is_enabled() for button in more)  # no dots left to place

    host.call(host.server.room._run(lambda p, apply: apply(end_round(p, "2026-12-01T10:05"))))
    host.call(host.server.send_views())
    wait(phone, lambda d: d.find_element(By.ID, "results").is_displayed())
    assert not phone.find_element(By.ID, "vote").is_displayed()
    results = phone.find_element(By.ID, "results-teams").text
    assert results.startswith("Sales\n") and "Book the CFO (2)" in results


def test_a_phone_that_loses_the_room_sends_its_note_once_it_is_back(host, phone):
    join(phone, host.url, "Hana", "Sales")

    async def drop_every_phone() -> None:
        """The Wi-Fi drops: the room stays open, every phone's connection goes."""
        for ws in list(host.server.sockets):
            await ws.close()

    host.call(drop_every_phone())
    wait(phone, lambda d: "Offline" in d.find_element(By.ID, "status").text)
    phone.find_element(By.ID, "note-text").send_keys("Written while offline")
    phone.find_element(By.ID, "note-board").click()
    assert "Sending…" in phone.find_element(By.ID, "notes").text
    wait(phone, lambda d: "Saved" in d.find_element(By.ID, "notes").text, 20)
    assert phone.find_element(By.ID, "status").text == "Connected"
    saved = [n.text for n in notes_in_file(host.path)]
    assert saved == ["Written while offline"]  # sent again once it was back, and taken once


def test_on_a_laptop_the_page_keeps_a_readable_column(host):
    from room_browser import laptop_browser

    laptop = laptop_browser()
    try:
        join(laptop, host.url, "Ivan", "Marketing")
        column = laptop.find_element(By.TAG_NAME, "main").size["width"]
        assert 500 <= column <= 700  # a line of text a laptop user reads without turning
        assert laptop.execute_script("return document.documentElement.scrollWidth") <= 1280
        laptop.find_element(By.ID, "note-text").send_keys("From a laptop")
        laptop.find_element(By.ID, "note-board").click()
        wait(laptop, lambda d: "Saved" in d.find_element(By.ID, "notes").text)
    finally:
        laptop.quit()
