"""The room as the facilitator and the participants see it: the projector with the invitation
(QR code and address), the parking lot filling with the room's notes, and the phone's page at
390×844 (joining, then posting) in headless Chromium.

    python benchmarks/room_screenshots.py 1920x1080 OUT_FOLDER [--real-display]

Offscreen, or on $DISPLAY under Xvfb and openbox, as readme_screenshots.py explains. The
phones are simulated over WebSockets on loopback; Chromium and chromedriver come from Debian.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from readme_screenshots import sample_window, screen_from_arguments

NOTES = (
    ("Ana", "Sales", "Who signs off the budget? Ask in the first call."),
    ("Ben", "Marketing", "Send the case study before discovery, not after."),
    ("Chloé", "Sales", "Pilot criteria in writing or no pilot."),
    ("Dev", "Customer Success", "Invite us to the last call before signature."),
    ("Eva", "Marketing", "<b>Webinar</b> leads need a second touch within a day."),
)


def post_notes(url: str) -> None:
    """Five phones join and each posts one note to the stage on the projector."""
    import aiohttp

    async def phone(n: int, name: str, team: str, text: str) -> None:
        async with aiohttp.ClientSession() as session, session.ws_connect(url + "ws") as ws:
            join = {"type": "join", "guest": f"guest-shot-{n:06d}", "name": name, "team": team}
            await ws.send_str(json.dumps(join))
            await ws.receive()
            note = {"type": "note", "id": f"shot-note-{n:06d}", "text": text, "where": "stage"}
            await ws.send_str(json.dumps(note))
            async for message in ws:
                if json.loads(message.data)["type"] in ("ack", "refused"):
                    break

    async def room() -> None:
        await asyncio.gather(*(phone(n, *note) for n, note in enumerate(NOTES)))

    threading.Thread(target=lambda: asyncio.run(room()), daemon=True).start()


def place_dots(url: str, targets: list[str]) -> threading.Thread:
    """The five phones place their dots: each team favours different ideas."""
    import aiohttp

    async def phone(n: int, name: str, team: str) -> None:
        async with aiohttp.ClientSession() as session, session.ws_connect(url + "ws") as ws:
            join = {"type": "join", "guest": f"guest-shot-{n:06d}", "name": name, "team": team}
            await ws.send_str(json.dumps(join))
            await ws.receive()
            favourites = targets[::2] if team == "Sales" else targets[1::2] or targets
            for k in range(3):
                dot = {
                    "type": "dot",
                    "id": f"shot-dot-{n:03d}-{k}",
                    "target": favourites[k % len(favourites)],
                }
                await ws.send_str(json.dumps(dot))
                async for message in ws:
                    if json.loads(message.data)["type"] in ("ack", "refused"):
                        break

    async def room() -> None:
        await asyncio.gather(*(phone(n, name, team) for n, (name, team, _) in enumerate(NOTES)))

    thread = threading.Thread(target=lambda: asyncio.run(room()), daemon=True)
    thread.start()
    return thread


def phone_pages(url: str, out: Path) -> None:
    """The participant's page at 390×844 in headless Chromium: joining, then a posted note."""
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--window-size=390,844", "--hide-scrollbars"):
        options.add_argument(flag)
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2}}
    )
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    try:
        driver.get(url)
        WebDriverWait(driver, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#join-team option")
        )
        driver.find_element(By.ID, "join-name").send_keys("Farah")
        Select(driver.find_element(By.ID, "join-team")).select_by_visible_text("Sales")
        driver.save_screenshot(str(out / "phone-join-390x844.png"))
        driver.find_element(By.ID, "join-button").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "room").is_displayed())
        driver.find_element(By.ID, "note-text").send_keys("Ask for the pilot's success criteria")
        driver.find_element(By.ID, "note-stage").click()
        WebDriverWait(driver, 10).until(lambda d: "Saved" in d.find_element(By.ID, "notes").text)
        driver.execute_script("document.getElementById('notes').scrollIntoView()")
        driver.save_screenshot(str(out / "phone-posted-390x844.png"))
        WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "vote").is_displayed())
        driver.find_elements(By.CSS_SELECTOR, "#vote-targets button:not(.secondary)")[0].click()
        WebDriverWait(driver, 10).until(
            lambda d: d.find_element(By.ID, "vote-left").text.startswith("2 of")
        )
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(out / "phone-vote-390x844.png"))
    finally:
        driver.quit()


def main() -> None:
    size, out, real = screen_from_arguments()
    from PySide6.QtCore import QCoreApplication, QElapsedTimer

    _app, window, shoot = sample_window(size, out, real)
    workshop = window.workshop
    workshop.room.bind = "127.0.0.1"
    workshop.enter()
    workshop.go(4)
    window.action_invite_room.trigger()
    url = workshop.room.host.url
    post_notes(url)
    clock = QElapsedTimer()
    clock.start()
    while len([n for n in window.document.playbook.notes if n.guest]) < len(NOTES):
        QCoreApplication.processEvents()
        if clock.elapsed() > 10_000:
            raise SystemExit("the simulated phones' notes did not arrive")
    shoot("room-invitation")
    window.action_invite_room.trigger()  # hide the invitation: the parking lot
    shoot("room-parking-lot")
    done = threading.Event()
    if "--phone" in sys.argv:
        threading.Thread(target=lambda: (phone_pages(url, out), done.set()), daemon=True).start()
    else:
        done.set()
    workshop.room.toggle_voting()  # V: a round over the parking lot
    playbook = window.document.playbook
    (round_,) = [r for r in playbook.rounds if not r.closed]
    voting = place_dots(url, list(round_.targets))
    while voting.is_alive() or not done.is_set():
        QCoreApplication.processEvents()
    workshop.room.toggle_voting()  # V again: closed, the results by team
    shoot("room-votes-by-team")
    window.action_close_room.trigger()
    window.hide()


if __name__ == "__main__":
    main()
