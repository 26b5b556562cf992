"""The back-office in a real headless Chromium (Debian's chromium and chromium-driver, driven
by Selenium; installed by scripts/browser-setup): the driver, its screenshots under
reports/office/, waiting for a page, filling and sending a form, logging in from the staff chat."""

from __future__ import annotations

import shutil

import pytest

from bot.config import PROJECT_ROOT
from tests.support.assistant import needs_model
from tests.support.staff import LINK, STAFF_CHAT
from tests.support.telegram_harness import Applicant, texts

BROWSER_MARKS = [needs_model, pytest.mark.slow, pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("chromedriver")),
    reason="no chromium/chromedriver: run scripts/browser-setup (as root, it installs them)")]
SHOTS = PROJECT_ROOT / "reports" / "office"


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=420,900"):  # a phone's width
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def shot(browser, name: str) -> None:
    browser.save_screenshot(str(SHOTS / f"{name}.png"))


def showing(browser, text: str, seconds: float = 30) -> None:
    """Wait for the page to show `text` (a loaded machine renders late)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, seconds).until(lambda driver: text in driver.page_source)


def fill(browser, name: str, value: str) -> None:
    from selenium.webdriver.common.by import By

    field = browser.find_element(By.NAME, name)
    browser.execute_script("arguments[0].value = arguments[1];", field, value)


def submit_form(browser, button_text: str) -> None:
    """Press the button and wait for the next page (the form's page goes stale).

    Mid-navigation, chromedriver may answer a question about the old button with "node does
    not belong to the document" instead of a stale-element error (seen in CI): the same news,
    so any refusal to read the old button means the page has gone. (What comes next checks the
    new page's text, so a broken session still fails the test.)
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    button = browser.find_element(By.XPATH, f"//button[normalize-space()=\"{button_text}\"]")
    button.click()

    def page_gone(_driver) -> bool:  # noqa: ANN001
        try:
            button.is_enabled()
        except WebDriverException:
            return True
        return False

    WebDriverWait(browser, 15).until(page_gone)


async def log_in_from_the_staff_chat(emulator, browser, user_id: int) -> str:
    """A staff member asks `/admin` in the staff group, opens the link the bot sends them in
    private; the back-office's base URL."""
    member = Applicant(emulator, user_id, first_name="Camille", chat_id=STAFF_CHAT,
                       chat_type="supergroup")
    private = Applicant(emulator, user_id, first_name="Camille")
    await member.command("/admin")
    [link] = LINK.findall("\n".join(texts(await private.until("/admin/login/"))))
    browser.get(link)
    return link.split("/admin/")[0]
