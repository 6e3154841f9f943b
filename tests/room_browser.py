"""A phone for the tests: Debian's Chromium, headless, at 390×844, driven through its
chromedriver (tests/run.sh installs both; selenium never downloads a browser here)."""

from __future__ import annotations

import shutil

from selenium import webdriver

PHONE = {"width": 390, "height": 844, "pixelRatio": 3}


def phone_browser() -> webdriver.Chrome:
    return _browser("--window-size=390,844", phone=True)


def laptop_browser() -> webdriver.Chrome:
    """A participant on a laptop: a desktop browser window of 1280×800."""
    return _browser("--window-size=1280,800", phone=False)


def _browser(size: str, phone: bool) -> webdriver.Chrome:
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "the tests need Chromium (apt-get install chromium; .ci/run installs it)"
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", size):
        options.add_argument(flag)
    if phone:
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": PHONE})
    return webdriver.Chrome(options=options, service=webdriver.ChromeService(driver_path))
